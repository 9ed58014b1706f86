// yargs builds its help renderer (cliui, with string-width's emoji tables) when it starts, though only help and
// usage messages use it. This stand-in loads the real one on first use: esbuild turns the require() of an ES
// module into a lazy initialiser, so start-up skips it. The real one is required by its plain name: from this
// folder that resolves to the same package yargs would load (yargs has no copy of its own), and through esbuild's own
// resolver, as cliui's own import of string-width is. A file reached both through a plugin's resolve and through
// esbuild's resolver could be bundled either way, depending on which came first: the bundle differed between builds.
export default function cliui(options) {
  return require('cliui').default(options);
}
