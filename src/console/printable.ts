// Text from outside (the console's names, XML values) reaches a terminal, a CSV or a report only as printable text:
// C0 and C1 control characters (escape and OSC sequences start with them) and bidirectional overrides become '?'.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this expression
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// The same class without the g flag: test() on it keeps no lastIndex between calls.
// eslint-disable-next-line no-control-regex -- as above
const HAS_UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function toPrintable(text: string): string {
  // Nearly every name is printable already: a test is cheaper than a replace that finds nothing (and builds nothing).
  return HAS_UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE, '?') : text;
}
