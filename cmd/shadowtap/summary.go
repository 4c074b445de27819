package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/reassembly"
)

// printTrafficSummary writes the end-of-run summary of a command that read
// traffic: the main counters always, then the non-zero anomaly counters,
// then one line per server port where no HTTP was parsed, saying why.
func printTrafficSummary(w io.Writer, title string, s reassembly.Stats) {
	fmt.Fprintf(w, "shadowtap: %s\n", title)
	rows := []struct {
		name string
		v    uint64
	}{
		{"packets", s.Packets},
		{"bytes", s.Bytes},
		{"tcp_flows", s.Flows},
		{"exchanges", s.Exchanges},
		{"unpaired", s.Unpaired},
		{"gaps", s.Gaps},
		{"skipped_bytes", s.SkippedBytes},
	}
	for _, r := range rows {
		fmt.Fprintf(w, "  %-32s %d\n", r.name, r.v)
	}
	extra := map[string]uint64{
		"not_tcp":                   s.NotTCP,
		"filtered":                  s.Filtered,
		"flows_dropped":             s.FlowsDropped,
		"segments_dropped":          s.SegmentsDropped,
		"buffer_cap_skips":          s.BufferCapSkips,
		"requests_without_response": s.RequestsWithoutResponse,
		"responses_without_request": s.ResponsesWithoutRequest,
		"upgrades":                  s.Upgrades,
		"http2_connections":         s.HTTP2Connections,
		"http2_streams":             s.HTTP2Streams,
		"tls_handshakes":            s.TLSHandshakes,
		"gap_bytes":                 s.GapBytes,
		"body_truncated":            s.BodyTruncated,
		"body_bytes_dropped":        s.BodyBytesDropped,
	}
	for k, v := range s.Weirds {
		extra["weird."+k] = v
	}
	for k, v := range s.Capture {
		switch k {
		case "packets", "bytes", "tcp", "non_tcp": // printed above, or as not_tcp
		default:
			extra["capture."+k] = v
		}
	}
	keys := make([]string, 0, len(extra))
	for k, v := range extra {
		if v != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-32s %d\n", k, extra[k])
	}
	ports := make([]string, 0, len(s.NonHTTPPorts))
	for p := range s.NonHTTPPorts {
		ports = append(ports, p)
	}
	sort.Slice(ports, func(i, j int) bool {
		if len(ports[i]) != len(ports[j]) {
			return len(ports[i]) < len(ports[j])
		}
		return ports[i] < ports[j]
	})
	for _, p := range ports {
		fmt.Fprintf(w, "  port %s: no HTTP/1.x parsed on %s\n", p, reasonsText(s.NonHTTPPorts[p]))
	}
}

// printKernelCounters ends a live capture's summary with the kernel's
// counters, named as in run's /api/v1/stats: packets and drops always (no
// drops is news on a mirror port), the others when not zero.
func printKernelCounters(w io.Writer, k capture.LiveStats) {
	fmt.Fprintf(w, "  %-32s %d\n", "kernel_packets", k.Packets)
	fmt.Fprintf(w, "  %-32s %d\n", "kernel_drops", k.Drops)
	if k.QueueFreezes != 0 {
		fmt.Fprintf(w, "  %-32s %d\n", "kernel_queue_freezes", k.QueueFreezes)
	}
	if k.Unfiltered != 0 {
		fmt.Fprintf(w, "  %-32s %d\n", "unfiltered_dropped", k.Unfiltered)
	}
}

var reasonWords = map[string]string{
	"tls":      "with a TLS handshake (encrypted; shadowtap sees only cleartext HTTP)",
	"http2":    "with an HTTP/2 preface (h2c without an Upgrade is not parsed)",
	"not_http": "that did not look like HTTP",
}

func reasonsText(m map[string]uint64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		w, ok := reasonWords[k]
		if !ok {
			w = k
		}
		parts = append(parts, fmt.Sprintf("%d connection(s) %s", m[k], w))
	}
	return strings.Join(parts, "; ")
}
