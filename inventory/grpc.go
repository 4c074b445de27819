package inventory

import (
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
// nodes are marked (node.rpc): method names are never values.

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
// call answered 200 with a grpc-status.
func grpcOutcome(x *reassembly.Exchange) (status int, exists, ok bool) {
	if x.Status != 200 || !isGRPC(x.ResponseContentType) && !isGRPC(x.RequestContentType) {
		return 0, false, false
	}
	v := headerValue(x.ResponseHeader, "Grpc-Status")
	if v == "" {
		return 0, false, false
	}
	code, err := strconv.Atoi(strings.TrimSpace(v))
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
