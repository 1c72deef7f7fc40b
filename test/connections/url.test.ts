import { describe, expect, it } from 'vitest';
import { parseConnectionUrl } from '../../src/connections/url.ts';
import { Invalid } from '../../src/errors.ts';

describe('connection URLs', () => {
  it('reads the usual forms', () => {
    expect(parseConnectionUrl('postgres://ann:pw@db.example.com:6543/sales?sslmode=require')).toEqual({
      host: 'db.example.com',
      port: 6543,
      database: 'sales',
      username: 'ann',
      password: 'pw',
      sslMode: 'require',
    });
    expect(parseConnectionUrl('postgresql://ann@localhost/sales')).toMatchObject({
      port: 5432,
      password: '',
      sslMode: 'prefer',
    });
  });

  it('handles IPv6 hosts, percent-encoded passwords and names', () => {
    expect(parseConnectionUrl('postgres://u:p@[::1]:5433/db')).toMatchObject({ host: '::1', port: 5433 });
    expect(parseConnectionUrl('postgres://u:p@[2001:db8::7]/db')).toMatchObject({ host: '2001:db8::7', port: 5432 });
    expect(parseConnectionUrl('postgres://us%40er:p%40ss%3Aw%2Fo%23rd%25@h/my%20db')).toMatchObject({
      username: 'us@er',
      password: 'p@ss:w/o#rd%',
      database: 'my db',
    });
  });

  it('says what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['mysql://u:p@h/db', /Unsupported scheme "mysql:\/\/"/],
      ['not a url', /Not a URL/],
      ['postgres://u:p@h:99999/db', /could not be read/],
      ['postgres://u:p@h:5432/', /no database name/],
      ['postgres://u:p@h', /no database name/],
      ['postgres://h/db', /no user name/],
      ['postgres://u:p%zz@h/db', /percent-encoding/],
      ['postgres://u:p@h/db?sslmode=sometimes', /Unknown sslmode "sometimes"/],
      ['postgres://u:p@h/db?application_name=x', /Unsupported URL parameter "application_name"/],
    ];
    for (const [url, message] of cases) {
      expect(() => parseConnectionUrl(url), url).toThrow(Invalid);
      expect(() => parseConnectionUrl(url), url).toThrow(message);
    }
  });

  it('never echoes the password in an error', () => {
    for (const url of [
      'postgres://u:Sup3rSecret%zz@h/db',
      'postgres://u:Sup3rSecret@h:99999/db',
      'postgres://u:Sup3rSecret@h/db?sslmode=sometimes',
      'mysql://u:Sup3rSecret@h/db',
    ]) {
      const error = (() => {
        try {
          parseConnectionUrl(url);
        } catch (thrown) {
          return thrown;
        }
        throw new Error(`${url} was accepted`);
      })();
      expect(error, url).toBeInstanceOf(Invalid);
      expect((error as Error).message, url).not.toContain('Sup3rSecret');
    }
  });
});
