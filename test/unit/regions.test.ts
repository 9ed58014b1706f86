// One table of cloud regions serves the endpoint's --region (update server) and the console commands (API host).
import t from 'tap';
import { baseUrlFor, xdrTokenUrlFor } from '../../src/console/settings';
import { parseRegion, REGIONS } from '../../src/contract/options';

t.test("region names: na, eu, apjc in any case, and the console's nam for na", async (t) => {
  t.equal(parseRegion('na'), 'na');
  t.equal(parseRegion('NAM'), 'na');
  t.equal(parseRegion(' EU '), 'eu');
  t.equal(parseRegion('apjc'), 'apjc');
  t.equal(parseRegion('us'), null);
  t.equal(parseRegion('constructor'), null);
});

t.test('the console API host and the update server come from the same region entry', async (t) => {
  for (const name of ['na', 'nam', 'eu', 'apjc']) {
    const region = REGIONS[parseRegion(name)!];
    t.equal(baseUrlFor(name, undefined), region.api, name);
    t.match(region.updateServer, /^tetra-defs\.(eu\.|apjc\.)?amp\.cisco\.com$/, name);
  }
  t.equal(baseUrlFor(undefined, undefined), 'https://api.amp.cisco.com');
  t.throws(() => baseUrlFor('mars', undefined), /--region must be one of na, eu, apjc/);
});

t.test("the v3 exchange's XDR token URL follows the region; a Private Cloud console has none", async (t) => {
  t.equal(xdrTokenUrlFor(undefined, undefined, undefined), 'https://visibility.amp.cisco.com/iroh/oauth2/token');
  t.equal(xdrTokenUrlFor('nam', undefined, undefined), 'https://visibility.amp.cisco.com/iroh/oauth2/token');
  t.equal(xdrTokenUrlFor('EU', undefined, undefined), 'https://visibility.eu.amp.cisco.com/iroh/oauth2/token');
  t.equal(xdrTokenUrlFor('apjc', undefined, undefined), 'https://visibility.apjc.amp.cisco.com/iroh/oauth2/token');
  t.equal(xdrTokenUrlFor(undefined, 'https://console.example.com', undefined), null);
  t.equal(xdrTokenUrlFor('eu', undefined, 'https://xdr.test/iroh/oauth2/token'), 'https://xdr.test/iroh/oauth2/token');
  t.throws(() => xdrTokenUrlFor('eu', undefined, 'http://xdr.test/token'), /must be an https URL/);
  t.throws(() => xdrTokenUrlFor('eu', undefined, ['https://a.test/', 'https://b.test/']), /once/);
});
