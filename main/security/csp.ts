// The one Content-Security-Policy of the renderer, for the Electron window (meta tag and headers)
// and for browser mode (HTTP header). No inline script, no eval. Inline styles are allowed because
// the UI kit and the grid set style attributes at run time.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
