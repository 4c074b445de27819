package sensor

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/shadowtap/shadowtap/diff"
)

// APIOption tunes NewAPIHandler.
type APIOption func(*apiOptions)

type apiOptions struct {
	ui http.Handler
}

// WithUI serves h (the web UI, package webui) on every path that is not the
// API's: anything but /api/..., /metrics and /healthz. The method rule
// (GET and HEAD only) and the token rule apply to it as to the API.
//
// A browser cannot send the bearer header, so on the UI's paths the token
// may also come, once, as the query parameter "token" (a link such as
// http://host:7780/?token=TOKEN, or the login form the UI answers with when
// it is missing): it is compared in constant time, and when it matches the
// answer sets the cookie UITokenCookie (HttpOnly, SameSite=Strict) and
// redirects to the same page without it, so that the token leaves the
// address bar. The cookie holds a hash of the token, never the token: it
// opens the UI, not the API.
func WithUI(h http.Handler) APIOption {
	return func(o *apiOptions) { o.ui = h }
}

// UITokenCookie is the name of the web UI's session cookie (see WithUI).
const UITokenCookie = "shadowtap_ui"

// isUIPath reports whether the UI, when there is one, owns the path: the API
// keeps /api/ (a JSON 404 for unknown API paths), /metrics and /healthz.
func isUIPath(p string) bool {
	return p != "/api" && !strings.HasPrefix(p, "/api/") && p != "/metrics" && p != "/healthz"
}

// uiCookieValue is what the UI cookie holds for token: a hash, so that a
// leaked cookie does not give the bearer token away.
func uiCookieValue(token string) string {
	h := sha256.Sum256([]byte("shadowtap web UI session\x00" + token))
	return hex.EncodeToString(h[:])
}

// uiAuthorized applies the token rule to a UI request without the bearer
// header. It returns true when the request may go on (a valid cookie), and
// otherwise answers it itself: a redirect that sets the cookie after a
// valid ?token=, or the login page (401).
func uiAuthorized(w http.ResponseWriter, r *http.Request, token string) bool {
	want := uiCookieValue(token)
	q := r.URL.Query()
	if q.Has("token") {
		if subtle.ConstantTimeCompare([]byte(uiCookieValue(q.Get("token"))), []byte(want)) != 1 {
			writeLogin(w, "That token is not this sensor's token.")
			return false
		}
		http.SetCookie(w, &http.Cookie{Name: UITokenCookie, Value: want, Path: "/", HttpOnly: true,
			SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
		q.Del("token")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		http.Redirect(w, r, localURL(r.URL.Path, q), http.StatusSeeOther)
		return false
	}
	if c, err := r.Cookie(UITokenCookie); err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(want)) == 1 {
		return true
	}
	writeLogin(w, "")
	return false
}

// localURL is path?query as a redirect target that stays on this server: a
// path such as "//evil.example" would otherwise be read as another host.
func localURL(p string, q url.Values) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		p = "/"
	}
	u := (&url.URL{Path: p}).EscapedPath()
	if e := q.Encode(); e != "" {
		u += "?" + e
	}
	return u
}

// loginPage is the UI's answer to a request without a valid token. It holds
// no request data, so it needs no escaping.
const loginPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>shadowtap: token required</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
label{display:block;font-weight:600;margin:.5rem 0}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;border:1px solid #555}
button{font:inherit;margin-top:.75rem;padding:.4rem 1rem;background:#0b4f8a;color:#fff;border:0}
:focus-visible{outline:3px solid #c25e00;outline-offset:2px}
.err{color:#a00000;font-weight:600}
</style></head><body>
<main>
<h1>shadowtap</h1>
<p>This sensor's web UI needs the API token (the content of its <code>--api-token-file</code>).</p>
%s<form method="get" action="/">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">Open the UI</button>
</form>
<p>The token is exchanged for a cookie that opens this UI only, and removed from the address.</p>
</main></body></html>
`

func writeLogin(w http.ResponseWriter, problem string) {
	msg := ""
	if problem != "" {
		msg = `<p class="err" role="alert">` + problem + "</p>\n" // constant text only
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte(strings.Replace(loginPage, "%s", msg, 1)))
}

// Specs returns the specs the findings are computed against (the web UI
// shows coverage per spec). The specs are shared: read them only.
func (s *Sensor) Specs() []*diff.Spec {
	s.cfgMu.Lock()
	defer s.cfgMu.Unlock()
	return slices.Clone(s.specs)
}

// apiHandler is the handler `run --listen` serves: the API, with the web UI
// built by ui when it is set (Config.UI).
func (s *Sensor) apiHandler(ui func(DataSource) http.Handler) http.Handler {
	if ui == nil {
		return NewAPIHandler(s, s.token)
	}
	return NewAPIHandler(s, s.token, WithUI(ui(s)))
}
