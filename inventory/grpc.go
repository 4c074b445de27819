package inventory

import (
	"bytes"
	"compress/gzip"
	"io"
	"strconv"
	"strings"

	"github.com/shadowtap/shadowtap/reassembly"
)

// gRPC. A call is POST /package.Service/Method with an application/grpc
// body (grpc-web and the +proto/+json forms alike). Its HTTP status is
// almost always 200: the outcome is the grpc-status trailer (the
// reassembly merges trailers into ResponseHeader). The inventory records
// the HTTP status that status maps to (google.rpc.Code's mapping), so a
// PERMISSION_DENIED is a 403 for the auth findings and not a 2xx. The
// method exists unless the server answered UNIMPLEMENTED, its "no such
// method" (a NOT_FOUND came from the method's own handler). Service
// nodes are marked (node.rpc): method names are never values. Connect's
// unary calls (POST /package.Service/Method with a plain application/proto
// or JSON body and HTTP statuses) are marked alike by their path's shape
// (rpcShaped).

// isGRPC reports whether a media type is gRPC's.
func isGRPC(ct string) bool { return strings.HasPrefix(ct, "application/grpc") }

// grpcUnimplemented is the status a server sends for a method it lacks.
const grpcUnimplemented = 12

// grpcHTTP maps a gRPC status code to its HTTP status.
var grpcHTTP = [...]int{
	0:  200, // OK
	1:  499, // CANCELLED
	2:  500, // UNKNOWN
	3:  400, // INVALID_ARGUMENT
	4:  504, // DEADLINE_EXCEEDED
	5:  404, // NOT_FOUND
	6:  409, // ALREADY_EXISTS
	7:  403, // PERMISSION_DENIED
	8:  429, // RESOURCE_EXHAUSTED
	9:  400, // FAILED_PRECONDITION
	10: 409, // ABORTED
	11: 400, // OUT_OF_RANGE
	12: 501, // UNIMPLEMENTED
	13: 500, // INTERNAL
	14: 503, // UNAVAILABLE
	15: 500, // DATA_LOSS
	16: 401, // UNAUTHENTICATED
}

// grpcOutcome returns the HTTP status a gRPC call's grpc-status maps to
// and whether it shows the method exists; ok is false when x is no gRPC
// call answered 200.
func grpcOutcome(x *reassembly.Exchange) (status int, exists, ok bool) {
	if x.Status != 200 || !isGRPC(x.ResponseContentType) && !isGRPC(x.RequestContentType) {
		return 0, false, false
	}
	v := grpcStatusOf(x)
	if v == "" {
		// no grpc-status: the trailers were lost to a capture gap, or the
		// call was cut. Its outcome is unknown, which is not a 2xx (an
		// unanswered call: it feeds its method's endpoint, never makes one)
		return 0, false, true
	}
	code, err := strconv.Atoi(v)
	if err != nil || code < 0 || code >= len(grpcHTTP) {
		return 500, true, true // a status no gRPC library sends: the handler ran
	}
	return grpcHTTP[code], code != grpcUnimplemented, true
}

// insertService returns the root's literal child for a gRPC service name,
// creating it (through insert, with its caps) when new.
func (inv *Inventory) insertService(h *hostState, seg string, k Kind) *node {
	if inv.sensitiveSeg(0) {
		return nil
	}
	if c := h.root.lit[seg]; c != nil {
		return c
	}
	if k == KindJWT || k == KindEmail || !protoName(seg) {
		return nil // not a protobuf service name: left to the templating
	}
	// whatever it looks like (billing.v2.Invoices has a digit), a
	// service name is a name
	var ws walkState
	return inv.insert(h, []string{seg}, []Kind{KindWord}, &ws)
}

// rpcShaped reports whether a two-segment path names a method of a
// protobuf service whatever the body's encoding: /memos.api.v1.MemoService
// /ListMemos, as Connect (application/proto or application/json, no gRPC
// framing) and Twirp-style gateways route. The package is dotted lower
// case, the service and the method are capitalised identifiers: REST
// paths are not written so.
func rpcShaped(segs []string) bool {
	svc, m := segs[0], segs[1]
	dot := strings.LastIndexByte(svc, '.')
	if dot <= 0 || dot == len(svc)-1 || !protoName(svc) || svc[dot+1] < 'A' || svc[dot+1] > 'Z' {
		return false
	}
	if len(m) == 0 || len(m) > 128 || m[0] < 'A' || m[0] > 'Z' {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	for i := 0; i < dot; i++ {
		if c := svc[i]; c >= 'A' && c <= 'Z' {
			return false // a package name is lower case
		}
	}
	return true
}

// protoName reports whether s is a protobuf full name (package.Service:
// letters, digits, '_' and '.', not starting with a digit or a dot).
func protoName(s string) bool {
	if len(s) == 0 || len(s) > 128 || s[0] == '.' || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// grpcAgg is agg's gRPC part.
type grpcAgg struct {
	statuses          map[string]uint64
	reqMsgs, respMsgs uint64
}

// grpcCodeNames names the gRPC status codes.
var grpcCodeNames = [...]string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
	"ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
	"UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}

// recordGRPC counts a gRPC call's status and messages into a.
func recordGRPC(a *agg, x *reassembly.Exchange) {
	if a.grpc == nil {
		a.grpc = &grpcAgg{}
	}
	g := a.grpc
	name := "NONE"
	if v := grpcStatusOf(x); v != "" {
		name = "OTHER"
		if code, err := strconv.Atoi(v); err == nil && code >= 0 && code < len(grpcCodeNames) {
			name = grpcCodeNames[code]
		}
	}
	addCount(&g.statuses, name, 1)
	g.reqMsgs += grpcMessages(x.RequestBody)
	g.respMsgs += grpcMessages(x.ResponseBody)
}

// grpcMessages counts the complete length-prefixed messages in b, up to a
// grpc-web trailer frame.
func grpcMessages(b []byte) uint64 {
	var n uint64
	for len(b) >= 5 && b[0]&0x80 == 0 {
		l := uint64(b[1])<<24 | uint64(b[2])<<16 | uint64(b[3])<<8 | uint64(b[4])
		if l > uint64(len(b)-5) {
			break
		}
		n++
		b = b[5+l:]
	}
	return n
}

// grpcStatusOf returns a call's grpc-status: the trailer (merged into
// ResponseHeader), or for grpc-web the trailer frame at the end of the
// response body.
func grpcStatusOf(x *reassembly.Exchange) string {
	if v := respHeaderValue(x, "Grpc-Status"); v != "" {
		return strings.TrimSpace(v)
	}
	if !strings.HasPrefix(x.ResponseContentType, "application/grpc-web") || strings.HasPrefix(x.ResponseContentType, "application/grpc-web-text") {
		return ""
	}
	b := x.ResponseBody
	for len(b) >= 5 {
		l := int(b[1])<<24 | int(b[2])<<16 | int(b[3])<<8 | int(b[4])
		if l < 0 || l > len(b)-5 {
			return ""
		}
		if b[0]&0x80 != 0 {
			tr := b[5 : 5+l]
			if b[0]&0x01 != 0 {
				// a compressed trailer frame (flag 0x81, in the message
				// encoding: connect-go does this with gzip)
				if !strings.EqualFold(respHeaderValue(x, "Grpc-Encoding"), "gzip") {
					return ""
				}
				zr, err := gzip.NewReader(bytes.NewReader(tr))
				if err != nil {
					return ""
				}
				tr, _ = io.ReadAll(io.LimitReader(zr, 4096))
			}
			for _, line := range strings.Split(string(tr), "\r\n") {
				if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "grpc-status") {
					return strings.TrimSpace(v)
				}
			}
			return ""
		}
		b = b[5+l:]
	}
	return ""
}
