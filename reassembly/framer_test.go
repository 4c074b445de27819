package reassembly

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/gopacket/gopacket"
)

// fakeTS gives every byte the same capture time.
type fakeTS struct{ t time.Time }

func (f fakeTS) CaptureInfo(int) gopacket.CaptureInfo { return gopacket.CaptureInfo{Timestamp: f.t} }

// step is one event of a framer script: bytes on a direction (0 is the
// side that sent first, usually the client), or a gap of n bytes.
type step struct {
	dir  int
	data string
	gap  int
}

func c2s(s string) step { return step{dir: 0, data: s} }
func s2c(s string) step { return step{dir: 1, data: s} }
func gapOn(dir, n int) step {
	return step{dir: dir, gap: n}
}

// runFramer feeds a script to one connection, each data step cut into
// pieces by split, and returns the exchanges and counters.
func runFramer(cfg Config, steps []step, split func([]byte) [][]byte) ([]*Exchange, *counters) {
	cfg = cfg.withDefaults()
	var out []*Exchange
	cnt := &counters{}
	s := &sink{cfg: &cfg, cnt: cnt, emit: func(ex *Exchange) { out = append(out, ex) }}
	var c httpConn
	c.init(s, netip.MustParseAddrPort("10.0.0.1:40000"), netip.MustParseAddrPort("10.0.0.2:80"), 0)
	ts := fakeTS{time.Unix(1700000000, 0)}
	for _, st := range steps {
		if st.gap != 0 {
			c.gap(st.dir, st.gap)
			continue
		}
		for _, piece := range split([]byte(st.data)) {
			c.feed(st.dir, piece, ts)
		}
	}
	c.close()
	return out, cnt
}

func whole(b []byte) [][]byte { return [][]byte{b} }

func pieces(n int) func([]byte) [][]byte {
	return func(b []byte) [][]byte {
		var out [][]byte
		for len(b) > n {
			out = append(out, b[:n])
			b = b[n:]
		}
		return append(out, b)
	}
}

func randomSplits(seed uint64) func([]byte) [][]byte {
	r := rand.New(rand.NewPCG(seed, 7))
	return func(b []byte) [][]byte {
		var out [][]byte
		for len(b) > 0 {
			n := 1 + r.IntN(len(b))
			out = append(out, b[:n])
			b = b[n:]
		}
		return out
	}
}

// summary renders what the tests compare of an exchange.
func summary(ex *Exchange) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q host=%s path=%s query=%s proto=%s status=%d", ex.Method, ex.Target, ex.Host, ex.Path, ex.Query, ex.Proto, ex.Status)
	fmt.Fprintf(&b, " flags=%s", flagString(ex.Flags))
	if ex.RequestBodySize > 0 || len(ex.RequestBody) > 0 {
		fmt.Fprintf(&b, " req=%d:%q", ex.RequestBodySize, ex.DecodedRequestBody())
	}
	if ex.ResponseBodySize > 0 || len(ex.ResponseBody) > 0 {
		fmt.Fprintf(&b, " resp=%d:%q", ex.ResponseBodySize, ex.DecodedResponseBody())
	}
	if ex.RequestContentType != "" || ex.ResponseContentType != "" {
		fmt.Fprintf(&b, " ct=%s/%s", ex.RequestContentType, ex.ResponseContentType)
	}
	return b.String()
}

func flagString(f Flags) string {
	var p []string
	for i, n := range []string{"unpaired", "gap", "truncated", "norequest", "noresponse", "upgrade"} {
		if f&(1<<i) != 0 {
			p = append(p, n)
		}
	}
	if len(p) == 0 {
		return "-"
	}
	return strings.Join(p, "|")
}

func gz(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func zl(s string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func rawDeflate(s string) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, 5)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func br(s string) string {
	var b bytes.Buffer
	w := brotli.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

func withLen(head, body string) string {
	return fmt.Sprintf("%sContent-Length: %d\r\n\r\n%s", head, len(body), body)
}

type framerCase struct {
	name    string
	cfg     Config
	steps   []step
	want    []string
	weirds  map[Weird]uint64
	noSplit bool // gap positions make pieces meaningless
}

var framerCases = []framerCase{
	{
		name:  "simple_get",
		steps: []step{c2s("GET /users/42?x=1 HTTP/1.1\r\nHost: api.example.com\r\n\r\n"), s2c("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 2\r\n\r\n{}")},
		want:  []string{`GET "/users/42?x=1" host=api.example.com path=/users/42 query=x=1 proto=HTTP/1.1 status=200 flags=- resp=2:"{}" ct=/application/json`},
	},
	{
		name: "pipelined_head",
		steps: []step{
			c2s("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"),
		},
		want: []string{
			`HEAD "/" host=a path=/ query= proto=HTTP/1.1 status=200 flags=-`,
			`GET "/x" host=a path=/x query= proto=HTTP/1.1 status=200 flags=- resp=3:"abc"`,
		},
	},
	{
		name: "pipelined_three_in_one_segment",
		steps: []step{
			c2s("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 404 NF\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 500 E\r\nTransfer-Encoding: chunked\r\n\r\n1\r\ny\r\n0\r\n\r\n"),
		},
		want: []string{
			`GET "/1" host=a path=/1 query= proto=HTTP/1.1 status=404 flags=-`,
			`GET "/2" host=a path=/2 query= proto=HTTP/1.1 status=200 flags=- resp=1:"x"`,
			`GET "/3" host=a path=/3 query= proto=HTTP/1.1 status=500 flags=- resp=1:"y"`,
		},
	},
	{
		name: "chunked_with_trailers_and_extensions",
		steps: []step{
			c2s("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n"),
			s2c("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{`POST "/up" host=a path=/up query= proto=HTTP/1.1 status=201 flags=- req=5:"abcde"`},
	},
	{
		name: "gap_in_chunked_body",
		steps: []step{
			c2s("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123"),
			gapOn(1, 8),
			s2c("cdef\r\n0\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"),
		},
		want: []string{
			`GET "/a" host=a path=/a query= proto=HTTP/1.1 status=200 flags=gap|truncated resp=16:"0123cdef"`,
			`GET "/b" host=a path=/b query= proto=HTTP/1.1 status=204 flags=-`,
		},
		weirds:  map[Weird]uint64{WeirdGapInBody: 1},
		noSplit: true,
	},
	{
		name: "gap_in_content_length_body",
		steps: []step{
			c2s("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01"),
			gapOn(1, 5),
			s2c("789HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz"),
		},
		want: []string{
			`GET "/a" host=a path=/a query= proto=HTTP/1.1 status=200 flags=gap|truncated resp=10:"01789"`,
			`GET "/b" host=a path=/b query= proto=HTTP/1.1 status=200 flags=- resp=1:"z"`,
		},
		noSplit: true,
	},
	{
		name: "gap_in_headers_resyncs",
		steps: []step{
			c2s("GET /a HTTP/1.1\r\nHost: a\r\nUser-Ag"),
			gapOn(0, 30),
			c2s("ent: x\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 201 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			`GET "/a" host=a path=/a query= proto=HTTP/1.1 status=200 flags=gap|truncated`,
			`GET "/b" host=b path=/b query= proto=HTTP/1.1 status=201 flags=-`,
		},
		weirds:  map[Weird]uint64{WeirdGapInHeaders: 1},
		noSplit: true,
	},
	{
		name: "gap_past_body_resyncs_mid_segment",
		steps: []step{
			c2s("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n01"),
			gapOn(1, 40),
			s2c("\x00\x01binaryHTTP/1.1 404 NF\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			`GET "/a" host=a path=/a query= proto=HTTP/1.1 status=200 flags=gap|truncated resp=4:"01"`,
			`GET "/b" host=a path=/b query= proto=HTTP/1.1 status=404 flags=-`,
		},
		noSplit: true,
	},
	{
		name: "smuggle_cl_and_te",
		steps: []step{
			c2s("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nZ\r\n0\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want:   []string{`POST "/x" host=a path=/x query= proto=HTTP/1.1 status=200 flags=- req=1:"Z"`},
		weirds: map[Weird]uint64{WeirdContentLengthAndChunked: 1},
	},
	{
		name: "smuggle_two_contentlen",
		steps: []step{
			c2s("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n"),
			s2c("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"),
		},
		want:   []string{`POST "/x" host=a path=/x query= proto=HTTP/1.1 status=400 flags=-`},
		weirds: map[Weird]uint64{WeirdMultipleContentLength: 1},
	},
	{
		name: "100_continue",
		steps: []step{
			c2s("POST /f HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"),
			s2c("HTTP/1.1 100 Continue\r\n\r\n"),
			c2s("abc"),
			s2c("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
		},
		want: []string{`POST "/f" host=a path=/f query= proto=HTTP/1.1 status=200 flags=- req=3:"abc" resp=2:"ok"`},
	},
	{
		name: "no_body_statuses",
		steps: []step{
			c2s("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"),
		},
		want: []string{
			`GET "/a" host=a path=/a query= proto=HTTP/1.1 status=204 flags=-`,
			`GET "/b" host=a path=/b query= proto=HTTP/1.1 status=304 flags=-`,
		},
	},
	{
		name: "http10_close_delimited",
		steps: []step{
			c2s("GET /old HTTP/1.0\r\n\r\n"),
			s2c("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>until close</html>"),
		},
		want: []string{`GET "/old" host= path=/old query= proto=HTTP/1.0 status=200 flags=- resp=24:"<html>until close</html>" ct=/text/html`},
	},
	{
		name: "upgrade_h2c",
		steps: []step{
			c2s("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n"),
			s2c("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n\x00\x00\x12\x04\x00\x00\x00\x00\x00"),
			c2s("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00"),
		},
		// stream 1's HTTP/2 answer never came: the 101 stands
		want: []string{`GET "/" host=a path=/ query= proto=HTTP/1.1 status=101 flags=upgrade`},
	},
	{
		name: "connect_tunnel",
		steps: []step{
			c2s("CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n\r\n"),
			s2c("HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01\x02\x00"),
			c2s("\x16\x03\x01\x00\x10GET / HTTP/1.1\r\n\r\n"),
		},
		want: []string{`CONNECT "api.example.com:443" host=api.example.com:443 path= query= proto=HTTP/1.1 status=200 flags=upgrade`},
	},
	{
		name: "absolute_form_and_asterisk",
		steps: []step{
			c2s("GET HTTP://Example.com:8080/a/b?c=d HTTP/1.1\r\nHost: other\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			`GET "HTTP://Example.com:8080/a/b?c=d" host=Example.com:8080 path=/a/b query=c=d proto=HTTP/1.1 status=200 flags=-`,
			`OPTIONS "*" host=x path=* query= proto=HTTP/1.1 status=200 flags=-`,
		},
	},
	{
		name: "webdav_and_unknown_methods",
		steps: []step{
			c2s("PROPFIND /dav/ HTTP/1.1\r\nHost: d\r\nDepth: 1\r\nContent-Length: 0\r\n\r\nFROBNICATE /x HTTP/1.1\r\nHost: d\r\n\r\n"),
			s2c(withLen("HTTP/1.1 207 Multi-Status\r\n", "<m/>") + "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			`PROPFIND "/dav/" host=d path=/dav/ query= proto=HTTP/1.1 status=207 flags=- resp=4:"<m/>"`,
			`FROBNICATE "/x" host=d path=/x query= proto=HTTP/1.1 status=405 flags=-`,
		},
	},
	{
		name: "malformed_request_lines_after_http",
		steps: []step{
			c2s("GET / HTTP/1.1\r\nHost: g\r\n\r\nGET /HTTP/1.1\r\nHost: g\r\n\r\nOPTIONS\r\nHost: g\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 403 F\r\nContent-Length: 0\r\n\r\nHTTP/1.1 400 B\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			`GET "/" host=g path=/ query= proto=HTTP/1.1 status=200 flags=-`,
			`GET "/HTTP/1.1" host=g path=/HTTP/1.1 query= proto= status=403 flags=-`,
			`OPTIONS "" host=g path= query= proto= status=400 flags=-`,
		},
	},
	{
		name: "header_names_case_insensitive_and_folding",
		steps: []step{
			c2s("POST /j HTTP/1.1\r\nhost: h\r\ncontent-TYPE: Application/JSON\r\nX-Folded: a\r\n  b\r\ncontent-length: 2\r\n\r\n{}"),
			s2c("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"),
		},
		want: []string{`POST "/j" host=h path=/j query= proto=HTTP/1.1 status=200 flags=- req=2:"{}" ct=application/json/`},
	},
	{
		name: "lf_only_line_ends",
		steps: []step{
			c2s("GET /lf HTTP/1.1\nHost: l\n\n"),
			s2c("HTTP/1.1 200 OK\nContent-Length: 1\n\nx"),
		},
		want: []string{`GET "/lf" host=l path=/lf query= proto=HTTP/1.1 status=200 flags=- resp=1:"x"`},
	},
	{
		name: "gzip_deflate_br_bodies",
		steps: []step{
			c2s("GET /g HTTP/1.1\r\nHost: a\r\n\r\nGET /z HTTP/1.1\r\nHost: a\r\n\r\nGET /d HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c(withLen("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n", gz(`{"a":1}`)) +
				withLen("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n", zl(`{"z":1}`)) +
				withLen("HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n", rawDeflate(`{"d":1}`)) +
				"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nTransfer-Encoding: chunked\r\n\r\n" + fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(br(`{"b":1}`)), br(`{"b":1}`))),
		},
		want: []string{
			fmt.Sprintf(`GET "/g" host=a path=/g query= proto=HTTP/1.1 status=200 flags=- resp=%d:"{\"a\":1}"`, len(gz(`{"a":1}`))),
			fmt.Sprintf(`GET "/z" host=a path=/z query= proto=HTTP/1.1 status=200 flags=- resp=%d:"{\"z\":1}"`, len(zl(`{"z":1}`))),
			fmt.Sprintf(`GET "/d" host=a path=/d query= proto=HTTP/1.1 status=200 flags=- resp=%d:"{\"d\":1}"`, len(rawDeflate(`{"d":1}`))),
			fmt.Sprintf(`GET "/b" host=a path=/b query= proto=HTTP/1.1 status=200 flags=- resp=%d:"{\"b\":1}"`, len(br(`{"b":1}`))),
		},
	},
	{
		name: "zip_bomb_capped",
		cfg:  Config{MaxBodyBytes: 16},
		steps: []step{
			c2s("GET /bomb HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c(withLen("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n", gz(strings.Repeat("A", 1<<20)))),
		},
		want: []string{fmt.Sprintf(`GET "/bomb" host=a path=/bomb query= proto=HTTP/1.1 status=200 flags=- resp=%d:"AAAAAAAAAAAAAAAA"`, len(gz(strings.Repeat("A", 1<<20))))},
	},
	{
		name: "body_cap",
		cfg:  Config{MaxBodyBytes: 4},
		steps: []step{
			c2s(withLen("PUT /big HTTP/1.1\r\nHost: a\r\n", "0123456789")),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{`PUT "/big" host=a path=/big query= proto=HTTP/1.1 status=200 flags=truncated req=10:"0123"`},
	},
	{
		name:  "response_without_request",
		steps: []step{s2c("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")},
		want:  []string{` "" host= path= query= proto= status=200 flags=unpaired|norequest resp=2:"hi"`},
	},
	{
		name:  "one_sided_requests",
		steps: []step{c2s("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n")},
		want: []string{
			`GET "/1" host=a path=/1 query= proto=HTTP/1.1 status=0 flags=unpaired|noresponse`,
			`GET "/2" host=a path=/2 query= proto=HTTP/1.1 status=0 flags=unpaired|noresponse`,
		},
	},
	{
		name: "server_speaks_first_direction_by_content",
		steps: []step{
			s2c("GET /reverse HTTP/1.1\r\nHost: r\r\n\r\n"),
			c2s("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{`GET "/reverse" host=r path=/reverse query= proto=HTTP/1.1 status=200 flags=-`},
	},
	{
		name: "eof_mid_body_truncated",
		steps: []step{
			c2s("GET /t HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"),
		},
		want:   []string{`GET "/t" host=a path=/t query= proto=HTTP/1.1 status=200 flags=truncated resp=7:"partial"`},
		weirds: map[Weird]uint64{WeirdMessageInterrupted: 1},
	},
	{
		name: "eof_mid_headers_truncated",
		steps: []step{
			c2s("GET /h HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n"),
		},
		want: []string{`GET "/h" host=a path=/h query= proto=HTTP/1.1 status=0 flags=unpaired|truncated|noresponse`},
	},
	{
		name: "header_too_large",
		cfg:  Config{MaxHeaderBytes: 256},
		steps: []step{
			c2s("GET /big HTTP/1.1\r\nHost: a\r\nX-Long: " + strings.Repeat("x", 400) + "\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 431 Too Large\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			`GET "/big" host=a path=/big query= proto=HTTP/1.1 status=431 flags=truncated`,
			`GET "/next" host=a path=/next query= proto=HTTP/1.1 status=200 flags=-`,
		},
		weirds: map[Weird]uint64{WeirdHeaderTooLarge: 1},
	},
	{
		// lineCap is MaxHeaderBytes/2: the target is cut there
		name: "start_line_too_long",
		cfg:  Config{MaxHeaderBytes: 256},
		steps: []step{
			c2s("GET /" + strings.Repeat("a", 300) + " HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 414 " + strings.Repeat("r", 300) + "\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			`GET "/` + strings.Repeat("a", 123) + `" host=a path=/` + strings.Repeat("a", 123) + ` query= proto=HTTP/1.1 status=414 flags=truncated`,
			`GET "/next" host=a path=/next query= proto=HTTP/1.1 status=200 flags=-`,
		},
		weirds: map[Weird]uint64{WeirdStartLineTooLong: 2, WeirdBadStartLine: 0},
	},
	{
		name: "header_block_skipped_body_framed",
		cfg:  Config{MaxHeaderBytes: 256},
		steps: []step{
			c2s("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nX-Long: " + strings.Repeat("x", 400) + "\r\nX-More: GET /fake HTTP/1.1\r\n\r\nGET " +
				"POST /next HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 431 Too Large\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			`POST "/big" host=a path=/big query= proto=HTTP/1.1 status=431 flags=truncated req=4:"GET "`,
			`POST "/next" host=a path=/next query= proto=HTTP/1.1 status=200 flags=-`,
		},
		weirds: map[Weird]uint64{WeirdHeaderTooLarge: 1, WeirdResync: 0},
	},
	{
		name: "midstream_start_in_body",
		steps: []step{
			s2c("tail of an earlier body\x00\x01\x02\r\nmore\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
			c2s("GET /n HTTP/1.1\r\nHost: a\r\n\r\n"),
			s2c("HTTP/1.1 202 OK\r\nContent-Length: 0\r\n\r\n"),
		},
		want: []string{
			` "" host= path= query= proto= status=200 flags=unpaired|norequest`,
			`GET "/n" host=a path=/n query= proto=HTTP/1.1 status=202 flags=-`,
		},
	},
	{
		name:  "tls_is_not_http",
		steps: []step{c2s("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03GET / HTTP/1.1\r\n\r\n"), s2c("\x16\x03\x03\x00\x5a\x02")},
		want:  nil,
	},
	{
		name: "excessive_pipelining",
		cfg:  Config{MaxPendingRequests: 2},
		steps: []step{
			c2s("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n"),
		},
		want: []string{
			`GET "/1" host= path=/1 query= proto=HTTP/1.1 status=0 flags=unpaired|noresponse`,
			`GET "/2" host= path=/2 query= proto=HTTP/1.1 status=0 flags=unpaired|noresponse`,
			`GET "/3" host= path=/3 query= proto=HTTP/1.1 status=0 flags=unpaired|noresponse`,
		},
		weirds: map[Weird]uint64{WeirdExcessivePipelining: 1},
	},
}

func TestFramer(t *testing.T) {
	for _, tc := range framerCases {
		t.Run(tc.name, func(t *testing.T) {
			got, cnt := runFramer(tc.cfg, tc.steps, whole)
			var sums []string
			for _, ex := range got {
				sums = append(sums, summary(ex))
			}
			if strings.Join(sums, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(sums, "\n"), strings.Join(tc.want, "\n"))
			}
			for w, n := range tc.weirds {
				if cnt.weird[w] != n {
					t.Errorf("weird %s = %d, want %d", w, cnt.weird[w], n)
				}
			}
		})
	}
}

// TestFramerSplitInvariance feeds every fixture whole, in 1-, 2- and 7-byte
// pieces and at seeded random splits: the exchanges must not change.
func TestFramerSplitInvariance(t *testing.T) {
	splits := map[string]func([]byte) [][]byte{"1": pieces(1), "2": pieces(2), "7": pieces(7)}
	for i := range 5 {
		splits[fmt.Sprintf("random%d", i)] = randomSplits(uint64(i))
	}
	for _, tc := range framerCases {
		want, _ := runFramer(tc.cfg, tc.steps, whole)
		for name, split := range splits {
			got, _ := runFramer(tc.cfg, tc.steps, split)
			if len(got) != len(want) {
				t.Errorf("%s/%s: %d exchanges, want %d", tc.name, name, len(got), len(want))
				continue
			}
			for i := range got {
				if g, w := summary(got[i]), summary(want[i]); g != w {
					t.Errorf("%s/%s #%d:\n got %s\nwant %s", tc.name, name, i, g, w)
				}
			}
		}
	}
}

func TestStackedEncodings(t *testing.T) {
	body := gz(br(`{"stacked":true}`))
	got, _ := runFramer(Config{}, []step{
		c2s("GET /s HTTP/1.1\r\nHost: a\r\n\r\n"),
		s2c(withLen("HTTP/1.1 200 OK\r\nContent-Encoding: br, gzip\r\n", body)),
	}, whole)
	if len(got) != 1 || string(got[0].DecodedResponseBody()) != `{"stacked":true}` {
		t.Fatalf("got %q", got[0].DecodedResponseBody())
	}
}
