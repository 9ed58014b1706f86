// See cliui.mjs beside this file: string-width is only needed to lay out help text.
export default function stringWidth(text, options) {
  return require('string-width').default(text, options);
}
