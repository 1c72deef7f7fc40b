const table: Record<string, string> = {
  qty: 'quantity', amt: 'amount', num: 'number', no: 'number', nbr: 'number', cnt: 'count', id: 'id',
  cust: 'customer', usr: 'user', emp: 'employee', empl: 'employee', dept: 'department',
  prod: 'product', cat: 'category', desc: 'description', descr: 'description', addr: 'address',
  tx: 'transaction', txn: 'transaction', trx: 'transaction', dt: 'date',
  ts: 'timestamp', tm: 'time', yr: 'year', mo: 'month', mth: 'month', wk: 'week', hr: 'hour',
  pct: 'percent', perc: 'percent', avg: 'average', tot: 'total', min: 'minimum', max: 'maximum',
  org: 'organization', ref: 'reference', inv: 'inventory', acct: 'account',
  bal: 'balance', pmt: 'payment', pymt: 'payment', txt: 'text', msg: 'message',
  img: 'image', pic: 'picture', loc: 'location', lat: 'latitude', lng: 'longitude', lon: 'longitude',
  st: 'street', corp: 'corporation', mgr: 'manager', supp: 'supplier',
  crtd: 'created', upd: 'updated', stat: 'status', sts: 'status', ccy: 'currency',
  curr: 'currency', ctry: 'country', cntry: 'country',
  tel: 'phone', dob: 'birth date', fname: 'first name', lname: 'last name',
};

/** Abbreviations common in database identifiers, with the words they stand for. */
export const abbreviations: ReadonlyMap<string, string> = new Map(Object.entries(table));
