// Credentials in URLs (`http://user:secret@host`) must never be printed or logged: the user name
// and password are replaced by `***` wherever a URL appears in a message. Works on text that does
// not parse as a URL, since error messages quote what the user typed.

// Scheme, then the authority up to its last `@` (the URL parser splits userinfo at the last `@`
// before the path, so a password may hold an unencoded `@`). For http(s) the parser also takes
// `http:user:pw@host` and backslashes for slashes, so those forms are matched too.
const USERINFO = /\b(https?:[/\\]*|[a-z][a-z0-9+.-]*:\/\/)[^\s/\\?#@]*(?:@[^\s/\\?#@]*)*@/gi;
const HAS_USERINFO = new RegExp(USERINFO.source, 'i');

/** `text` with the userinfo of every URL in it replaced by `***`. */
export function redactUrls(text: string): string {
  return text.replace(USERINFO, '$1***@');
}

/** Whether `url` carries a user name or password. */
export function hasUserinfo(url: string): boolean {
  return HAS_USERINFO.test(url);
}
