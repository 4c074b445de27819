package applab

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// HTTP/2 in clear text with prior knowledge, as gRPC speaks it, parsed
// with x/net's framer and HPACK decoder on the reassembled streams: an
// implementation independent of shadowtap's own. A gRPC call's status is
// its grpc-status trailer, mapped to HTTP (google.rpc.Code's mapping) so
// that the labels mean what they mean for HTTP: PERMISSION_DENIED is a
// refusal, not a 2xx.

const h2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

var grpcToHTTP = map[string]int{
	"0": 200, "1": 499, "2": 500, "3": 400, "4": 504, "5": 404, "6": 409, "7": 403, "8": 429,
	"9": 400, "10": 409, "11": 400, "12": 501, "13": 500, "14": 503, "15": 500, "16": 401,
}

// h2Exchanges parses one prior-knowledge HTTP/2 connection.
func (c *Capture) h2Exchanges(cn *Conn) (out []*Exchange) {
	ctimes := c.times(cn, false)
	type stream struct {
		ex      *Exchange
		grpc    bool
		trailer string
	}
	streams := map[uint32]*stream{}
	var order []uint32
	read := func(data []byte, client bool) {
		cr := &countReader{r: bytes.NewReader(data)}
		if client {
			if _, err := io.CopyN(io.Discard, cr, int64(len(h2Preface))); err != nil {
				return
			}
		}
		fr := http2.NewFramer(nil, cr)
		fr.ReadMetaHeaders = hpack.NewDecoder(65536, nil)
		fr.MaxHeaderListSize = 1 << 20
		for {
			start := cr.n
			f, err := fr.ReadFrame()
			if err != nil {
				return
			}
			mh, ok := f.(*http2.MetaHeadersFrame)
			if !ok {
				continue
			}
			sid := mh.StreamID
			s := streams[sid]
			if client {
				if s != nil {
					continue // request trailers
				}
				h := http.Header{}
				e := &Exchange{Conn: cn.ID, Seq: len(order), Proto: "HTTP/2.0", Header: h, Time: ctimes.at(start)}
				for _, hf := range mh.Fields {
					switch hf.Name {
					case ":method":
						e.Method = hf.Value
					case ":path":
						e.Target = hf.Value
					case ":authority":
						e.Host = hf.Value
					default:
						if !strings.HasPrefix(hf.Name, ":") {
							h.Add(hf.Name, hf.Value)
						}
					}
				}
				e.Path, e.Query = splitTarget(e.Target)
				streams[sid] = &stream{ex: e, grpc: strings.HasPrefix(h.Get("Content-Type"), "application/grpc")}
				order = append(order, sid)
				continue
			}
			if s == nil {
				continue
			}
			for _, hf := range mh.Fields {
				switch hf.Name {
				case ":status":
					if st, err := strconv.Atoi(hf.Value); err == nil && st >= 200 {
						s.ex.Status = st
					}
				case "grpc-status":
					s.trailer = hf.Value
				}
			}
		}
	}
	read(cn.ClientStream, true)
	read(cn.ServerStream, false)
	for _, sid := range order {
		s := streams[sid]
		if s.grpc && s.ex.Status == 200 && s.trailer != "" {
			if st, ok := grpcToHTTP[s.trailer]; ok {
				s.ex.Status = st
			} else {
				s.ex.Status = 500
			}
		}
		out = append(out, s.ex)
	}
	return out
}
