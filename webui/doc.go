// Package webui owns the web UI: server-side HTML pages (html/template) over
// a sensor.DataSource, for `shadowtap run --listen` and `shadowtap ui`. It
// shows the overview (hosts, endpoints, findings by severity, spec coverage,
// sensor health), the inventory as a tree of path templates per host, one
// endpoint's details, and the findings with their downloads (JSON, CSV,
// SARIF and the observed OpenAPI document, written by package diff).
//
// Everything it serves is embedded in the binary (no CDN, works offline) and
// every page state lives in the query string, so links can be shared. Data
// captured from the network (hosts, paths, parameter names) is attacker-
// controlled: it only ever reaches a page through html/template's escaping,
// never as template.HTML, and a Content-Security-Policy allows this
// package's own script and style only. The token rule is not applied here:
// sensor.NewAPIHandler with sensor.WithUI wraps this handler and applies it.
//
// It comes after sensor in the data flow (it reads the sensor's DataSource
// and filters); nothing but the CLI imports it.
package webui
