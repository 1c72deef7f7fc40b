/** The fixed words the demo company is made of: names, places, what it sells. All fictional. */

export const companyName = 'Larkspur Home & Outdoor';
/** A reserved domain (RFC 2606), so no generated address can reach a real mailbox. */
export const staffEmailDomain = 'larkspur.example';
export const customerEmailDomains = ['example.com', 'example.net', 'example.org', 'mail.example.com'] as const;

export const firstNames = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Isabella',
  'Lucas',
  'Mia',
  'Mateo',
  'Amelia',
  'Benjamin',
  'Harper',
  'Henry',
  'Evelyn',
  'Alexander',
  'Chloe',
  'Daniel',
  'Grace',
  'Samuel',
  'Zoe',
  'David',
  'Nora',
  'Joseph',
  'Layla',
  'Carlos',
  'Priya',
  'Wei',
  'Aisha',
  'Omar',
  'Hannah',
  'Ethan',
  'Sofia',
  'Diego',
  'Fatima',
  'Kenji',
  'Leah',
  'Ryan',
  'Maya',
  'Nathan',
  'Chen',
  'Ana',
  'Jamal',
  'Elena',
  'Marcus',
  'Yuki',
  'Rosa',
  'Tomás',
  'Ingrid',
  'Arjun',
  'Nadia',
  'Owen',
  'Camila',
  'Hugo',
  'Julia',
  'Malik',
  'Lucy',
  'Andre',
] as const;

export const lastNames = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Patel',
  'Kim',
  'Chen',
  'Singh',
  'Okafor',
  'Novak',
  'Larsen',
  "O'Brien",
  'Dubois',
  'Tremblay',
] as const;

export type Region = 'Northeast' | 'South' | 'Midwest' | 'West' | 'Canada';

export interface Place {
  city: string;
  state: string;
  country: 'United States' | 'Canada';
  region: Region;
}

const place = (city: string, state: string, region: Region): Place => ({
  city,
  state,
  country: region === 'Canada' ? 'Canada' : 'United States',
  region,
});

export interface StoreSeed extends Place {
  name: string;
  openedOn: string;
  squareFeet: number;
}

/** Three stores open during the three demo years, so early months have fewer of them. */
export const storeSeeds: readonly StoreSeed[] = [
  { ...place('Boston', 'MA', 'Northeast'), name: 'Back Bay', openedOn: '2012-04-14', squareFeet: 18_500 },
  { ...place('New York', 'NY', 'Northeast'), name: 'Chelsea', openedOn: '2014-09-06', squareFeet: 22_000 },
  { ...place('Philadelphia', 'PA', 'Northeast'), name: 'Old City', openedOn: '2016-03-19', squareFeet: 15_200 },
  { ...place('Atlanta', 'GA', 'South'), name: 'Midtown', openedOn: '2017-05-20', squareFeet: 19_800 },
  { ...place('Austin', 'TX', 'South'), name: 'South Congress', openedOn: '2018-10-13', squareFeet: 21_400 },
  { ...place('Miami', 'FL', 'South'), name: 'Wynwood', openedOn: '2024-03-16', squareFeet: 16_900 },
  { ...place('Chicago', 'IL', 'Midwest'), name: 'Wicker Park', openedOn: '2013-06-01', squareFeet: 24_300 },
  { ...place('Minneapolis', 'MN', 'Midwest'), name: 'North Loop', openedOn: '2019-04-27', squareFeet: 17_600 },
  { ...place('Columbus', 'OH', 'Midwest'), name: 'Short North', openedOn: '2023-09-09', squareFeet: 14_800 },
  { ...place('Denver', 'CO', 'West'), name: 'LoDo', openedOn: '2015-08-22', squareFeet: 20_100 },
  { ...place('Seattle', 'WA', 'West'), name: 'Ballard', openedOn: '2011-11-05', squareFeet: 19_300 },
  { ...place('Portland', 'OR', 'West'), name: 'Pearl District', openedOn: '2016-07-16', squareFeet: 16_400 },
  { ...place('San Diego', 'CA', 'West'), name: 'North Park', openedOn: '2020-02-29', squareFeet: 18_200 },
  { ...place('Toronto', 'ON', 'Canada'), name: 'Queen West', openedOn: '2019-09-14', squareFeet: 20_700 },
  { ...place('Vancouver', 'BC', 'Canada'), name: 'Gastown', openedOn: '2024-06-01', squareFeet: 15_600 },
];

/** Where customers live besides the store cities: they shop online or travel to a store. */
export const otherCustomerPlaces: readonly Place[] = [
  place('Providence', 'RI', 'Northeast'),
  place('Hartford', 'CT', 'Northeast'),
  place('Newark', 'NJ', 'Northeast'),
  place('Baltimore', 'MD', 'Northeast'),
  place('Pittsburgh', 'PA', 'Northeast'),
  place('Charlotte', 'NC', 'South'),
  place('Nashville', 'TN', 'South'),
  place('Houston', 'TX', 'South'),
  place('Dallas', 'TX', 'South'),
  place('Orlando', 'FL', 'South'),
  place('Detroit', 'MI', 'Midwest'),
  place('Milwaukee', 'WI', 'Midwest'),
  place('St. Louis', 'MO', 'Midwest'),
  place('Kansas City', 'MO', 'Midwest'),
  place('Phoenix', 'AZ', 'West'),
  place('Salt Lake City', 'UT', 'West'),
  place('Sacramento', 'CA', 'West'),
  place('Los Angeles', 'CA', 'West'),
  place('San Francisco', 'CA', 'West'),
  place('Montreal', 'QC', 'Canada'),
  place('Calgary', 'AB', 'Canada'),
  place('Ottawa', 'ON', 'Canada'),
];

export interface CategorySeed {
  name: string;
  department: string;
  description: string;
  /** Product kinds with a typical list price in dollars. */
  items: readonly (readonly [string, number])[];
}

export const categorySeeds: readonly CategorySeed[] = [
  {
    name: 'Cookware',
    department: 'Kitchen',
    description: 'Pots, pans and bakeware',
    items: [
      ['Cast Iron Skillet', 45],
      ['Saucepan', 38],
      ['Dutch Oven', 95],
      ['Wok', 42],
      ['Stockpot', 55],
      ['Baking Sheet', 18],
    ],
  },
  {
    name: 'Cutlery',
    department: 'Kitchen',
    description: 'Knives and knife storage',
    items: [
      ["Chef's Knife", 70],
      ['Paring Knife', 22],
      ['Bread Knife', 40],
      ['Knife Block Set', 160],
      ['Steak Knife Set', 65],
    ],
  },
  {
    name: 'Small Appliances',
    department: 'Kitchen',
    description: 'Countertop electrical appliances',
    items: [
      ['Blender', 90],
      ['Toaster', 48],
      ['Electric Kettle', 40],
      ['Coffee Maker', 85],
      ['Stand Mixer', 280],
    ],
  },
  {
    name: 'Tableware',
    department: 'Kitchen',
    description: 'Plates, glasses and serving pieces',
    items: [
      ['Dinner Plate Set', 60],
      ['Coffee Mug', 14],
      ['Wine Glass Set', 36],
      ['Serving Bowl', 28],
      ['Flatware Set', 75],
    ],
  },
  {
    name: 'Bedding',
    department: 'Home',
    description: 'Sheets, duvets and pillows',
    items: [
      ['Sheet Set', 85],
      ['Duvet Cover', 110],
      ['Pillow', 35],
      ['Throw Blanket', 55],
      ['Mattress Topper', 140],
    ],
  },
  {
    name: 'Bath',
    department: 'Home',
    description: 'Towels and bathroom textiles',
    items: [
      ['Bath Towel', 22],
      ['Bath Mat', 28],
      ['Shower Curtain', 34],
      ['Bathrobe', 68],
    ],
  },
  {
    name: 'Lighting',
    department: 'Home',
    description: 'Lamps and light fixtures',
    items: [
      ['Floor Lamp', 130],
      ['Desk Lamp', 55],
      ['Pendant Light', 120],
      ['String Lights', 25],
    ],
  },
  {
    name: 'Decor',
    department: 'Home',
    description: 'Decorative accessories',
    items: [
      ['Vase', 32],
      ['Picture Frame', 18],
      ['Wall Clock', 45],
      ['Scented Candle', 20],
      ['Wall Mirror', 150],
    ],
  },
  {
    name: 'Camping',
    department: 'Outdoor',
    description: 'Tents, sleeping gear and camp kitchens',
    items: [
      ['Dome Tent', 210],
      ['Sleeping Bag', 120],
      ['Camp Stove', 75],
      ['Lantern', 35],
      ['Hiking Backpack', 140],
    ],
  },
  {
    name: 'Grilling',
    department: 'Outdoor',
    description: 'Grills and barbecue tools',
    items: [
      ['Charcoal Grill', 180],
      ['Gas Grill', 450],
      ['Grill Tool Set', 45],
      ['Grill Cover', 38],
    ],
  },
  {
    name: 'Patio Furniture',
    department: 'Outdoor',
    description: 'Outdoor seating and tables',
    items: [
      ['Patio Chair', 120],
      ['Patio Table', 320],
      ['Hammock', 90],
      ['Outdoor Cushion', 40],
      ['Sun Lounger', 260],
    ],
  },
  {
    name: 'Garden Tools',
    department: 'Garden',
    description: 'Hand tools, hoses and carts',
    items: [
      ['Pruning Shears', 28],
      ['Hand Trowel', 15],
      ['Leaf Rake', 30],
      ['Garden Hose', 45],
      ['Wheelbarrow', 130],
    ],
  },
  {
    name: 'Plants & Seeds',
    department: 'Garden',
    description: 'Live plants and seed kits',
    items: [
      ['Herb Seed Kit', 16],
      ['Potted Fern', 24],
      ['Succulent Trio', 30],
      ['Tomato Seedlings', 12],
    ],
  },
  {
    name: 'Planters',
    department: 'Garden',
    description: 'Pots, raised beds and window boxes',
    items: [
      ['Ceramic Planter', 38],
      ['Raised Garden Bed', 150],
      ['Window Box', 42],
      ['Hanging Basket', 26],
    ],
  },
];

/** Product lines: the word before a product kind in its name, and how it moves the price. */
export const productLines = [
  ['Essential', 0.75],
  ['Everyday', 0.9],
  ['Classic', 1.0],
  ['Trail', 1.1],
  ['Nordic', 1.2],
  ['Pro', 1.35],
  ['Heritage', 1.5],
  ['Signature', 1.75],
] as const;
