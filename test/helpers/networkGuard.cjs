// Preloaded into a CLI run (NODE_OPTIONS=--require) by tests that must show a run sends nothing off this machine.
// In every thread (the PAC worker too): a TCP connection to anything but loopback is refused before a packet leaves,
// and written to $TETRA_GUARD_LOG; a name lookup of *.unanswered.test never answers, as on a network that drops DNS
// (the machine's resolver cannot be told so per process), and is written there too.
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const log = (line) => process.env.TETRA_GUARD_LOG && fs.appendFileSync(process.env.TETRA_GUARD_LOG, `${line}\n`);
const isLoopback = (host) => host === 'localhost' || host === '::1' || /^127\./.test(host);
const unanswered = (host) => String(host).endsWith('.unanswered.test');

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === 'object' ? first : { port: first, host: args[1] };
  const host = options.host ?? 'localhost';
  if (options.path || isLoopback(host)) return connect.apply(this, args);
  log(`connect ${host}:${options.port}`);
  process.nextTick(() => this.destroy(Object.assign(new Error('refused by the test'), { code: 'ENETUNREACH' })));
  return this;
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(host, ...rest) {
  if (!unanswered(host)) return lookup.call(this, host, ...rest);
  log(`lookup ${host}`);
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = function guardedPromiseLookup(host, ...rest) {
  if (!unanswered(host)) return lookupPromise.call(this, host, ...rest);
  log(`lookup ${host}`);
  return new Promise(() => {});
};
