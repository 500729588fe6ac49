/**
 * Text safe inside an XML attribute or element, for the JUnit reports of `scenario run` and
 * `conform`. XML 1.0 cannot carry most control characters even escaped: they become U+FFFD.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "\uFFFD");
}
