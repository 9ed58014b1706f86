// yargs builds its help renderer (cliui, with string-width's emoji tables) when it starts, though only help and
// usage messages use it. This stand-in loads the real one on first use: esbuild turns the require() of an ES
// module into a lazy initialiser, so start-up skips it.
export default function cliui(options) {
  return require('deferred-original:cliui').default(options);
}
