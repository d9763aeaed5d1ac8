/**
 * The target of `rel="next"` in an RFC 5988 `Link` header, as Webex pages its lists (README,
 * "Upstream"): `<https://webexapis.com/v1/…&cursor=…>; rel="next"`. `undefined` when there is no
 * next link; the text between the brackets as it is otherwise (the caller decides what to trust).
 */
export function nextLink(header: string | null): string | undefined {
  if (header === null) return undefined;
  // Each link is `<target>` followed by `; name=value` parameters (a quoted value may hold `,` or
  // `;`); a target never holds `>`.
  for (const [, target, params] of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,=\s]+\s*(?:=\s*(?:"[^"]*"|[^;,\s]*))?)*)/g)) {
    for (const [, name, quoted, bare] of (params ?? '').matchAll(/;\s*([^=;\s]+)\s*=\s*(?:"([^"]*)"|([^;\s]+))/g)) {
      // `rel` may hold several space-separated relations: `rel="next last"`.
      if (name?.toLowerCase() === 'rel' && (quoted ?? bare ?? '').toLowerCase().split(/\s+/).includes('next')) return target;
    }
  }
  return undefined;
}
