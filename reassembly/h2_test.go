package reassembly

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"github.com/shadowtap/shadowtap/capture"
)

// TestH2Oracle compares the exchanges of a real h2c capture (Go's HTTP/2
// server and transport, curl with --http2 and --http2-prior-knowledge:
// testdata/h2/record.sh) with what tshark extracts (testdata/h2/h2c.tsv,
// made by oracle.sh): every stream's client port, method, authority, path
// and status.
func TestH2Oracle(t *testing.T) {
	src, err := capture.OpenFiles("testdata/h2/h2c.pcap.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var mu sync.Mutex
	got := map[string]int{}
	n := 0
	st, err := Process(context.Background(), src, nil, Config{}, func(ex *Exchange) {
		mu.Lock()
		defer mu.Unlock()
		n++
		got[strings.Join([]string{strconv.Itoa(int(ex.Client.Port())), ex.Method, ex.Host, ex.Target, strconv.Itoa(ex.Status)}, "\t")]++
		if ex.Proto != "HTTP/2.0" && ex.Flags&FlagUpgrade == 0 { // an upgrade's request was HTTP/1.1
			t.Errorf("%s %s: proto %q", ex.Method, ex.Target, ex.Proto)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/h2/h2c.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, found := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		want++
		if got[line] > 0 {
			got[line]--
			found++
		} else {
			t.Errorf("tshark's %q not found", line)
		}
	}
	if want != 20 || found != want || n != want {
		t.Errorf("oracle %d streams, found %d, we emitted %d", want, found, n)
	}
	if st.HTTP2Connections != 5 || st.HTTP2Streams != 20 || st.SkippedBytes != 0 || st.Upgrades != 2 {
		t.Errorf("stats: %d connections, %d streams, %d skipped, %d upgrades", st.HTTP2Connections, st.HTTP2Streams, st.SkippedBytes, st.Upgrades)
	}
}

// TestH2MidStream: the prior-knowledge connection of h2c.pcap cut before
// its fifth stream (testdata/h2/oracle.sh says how), as a sensor started
// late sees it: no preface, an HPACK table that started long before. The
// connection is recognised from its frames, roles from the static-table
// :method/:status, and what decodes is what tshark saw on the full
// capture; fields that need the missed table entries (:authority here)
// are left out, and the exchanges say so.
func TestH2MidStream(t *testing.T) {
	f, err := os.Open("testdata/h2/h2c.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	oracle := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) == 5 && c[0] == "52646" {
			oracle[c[1]+" "+c[3]+" "+c[4]] = true
		}
	}
	src, err := capture.OpenFiles("testdata/h2/h2c-midstream.pcap.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var mu sync.Mutex
	recovered, unpaired := 0, 0
	st, err := Process(context.Background(), src, nil, Config{}, func(ex *Exchange) {
		mu.Lock()
		defer mu.Unlock()
		if ex.Method == "" && ex.Status != 0 {
			unpaired++
		}
		if ex.Client.Port() != 52646 || ex.Method == "" {
			return
		}
		k := ex.Method + " " + ex.Target + " " + strconv.Itoa(ex.Status)
		if !oracle[k] {
			t.Errorf("%q is not what tshark saw on the full capture", k)
		}
		if ex.Flags&FlagPartialRequestHeaders == 0 {
			t.Errorf("%s: request headers not flagged partial", k)
		}
		recovered++
	})
	if err != nil {
		t.Fatal(err)
	}
	// the 12 streams whose request follows the cut
	if recovered != 12 || st.HTTP2Connections != 5 {
		t.Errorf("recovered %d streams of the cut connection, %d HTTP/2 connections", recovered, st.HTTP2Connections)
	}
	// A response fed before its request (one held direction of a
	// connection picked up mid-way goes first) is not unpaired: the weird
	// counts only the streams handed on without a request.
	if got := st.Weird(WeirdResponseBeforeRequest); got != uint64(unpaired) {
		t.Errorf("response_before_request = %d, %d streams emitted without a request", got, unpaired)
	}
	t.Logf("mid-stream: %d recovered, headers lost %d, resyncs %d, skipped %d bytes", recovered, st.Weird(WeirdH2HeadersLost), st.Weird(WeirdH2Resync), st.SkippedBytes)
}

// h2Script builds a conversation with x/net's framer and HPACK encoder.
type h2Script struct {
	steps      []step
	enc        [2]*hpack.Encoder
	encBuf     [2]bytes.Buffer
	frameBuf   bytes.Buffer
	fr         *http2.Framer
	maxSegment int
}

func newH2Script() *h2Script {
	s := &h2Script{}
	s.fr = http2.NewFramer(&s.frameBuf, nil)
	for i := range s.enc {
		s.enc[i] = hpack.NewEncoder(&s.encBuf[i])
	}
	return s
}

func (s *h2Script) flush(dir int) {
	if s.frameBuf.Len() > 0 {
		s.steps = append(s.steps, step{dir: dir, data: s.frameBuf.String()})
		s.frameBuf.Reset()
	}
}

// block encodes header fields with dir's encoder (dynamic table and all).
func (s *h2Script) block(dir int, kv ...string) []byte {
	s.encBuf[dir].Reset()
	for i := 0; i+1 < len(kv); i += 2 {
		s.enc[dir].WriteField(hpack.HeaderField{Name: kv[i], Value: kv[i+1]})
	}
	return bytes.Clone(s.encBuf[dir].Bytes())
}

func (s *h2Script) headers(dir int, sid uint32, end bool, kv ...string) {
	s.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: sid, BlockFragment: s.block(dir, kv...), EndStream: end, EndHeaders: true})
	s.flush(dir)
}

func (s *h2Script) data(dir int, sid uint32, end bool, b string) {
	s.fr.WriteData(sid, end, []byte(b))
	s.flush(dir)
}

// conversation is a prior-knowledge connection with the cases the parser
// must handle: concurrent streams, padding, CONTINUATION, trailers (gRPC
// status), an interim 100, split cookies, a push, a reset stream.
func conversation() *h2Script {
	s := newH2Script()
	s.steps = append(s.steps, step{dir: 0, data: h2Preface})
	s.fr.WriteSettings(http2.Setting{ID: http2.SettingHeaderTableSize, Val: 8192})
	s.flush(0)
	s.fr.WriteSettings(http2.Setting{ID: http2.SettingMaxConcurrentStreams, Val: 100})
	s.flush(1)
	auth := []string{":method", "GET", ":scheme", "http", ":authority", "api.example.test", "authorization", "Bearer abc.def.ghi", "user-agent", "test/1.0"}
	s.headers(0, 1, true, append(slices.Clone(auth[:4]), ":path", "/v1/users/1", auth[4], auth[5], auth[6], auth[7], auth[8], auth[9], "cookie", "a=1", "cookie", "sid=2")...)
	s.headers(0, 3, false, ":method", "POST", ":scheme", "http", ":authority", "api.example.test", ":path", "/v1/orders?dry=1", "content-type", "application/json", "expect", "100-continue")
	s.headers(1, 3, false, ":status", "100")
	// a padded DATA frame
	s.fr.WriteDataPadded(3, true, []byte(`{"item":"pen"}`), make([]byte, 7))
	s.flush(0)
	s.headers(1, 1, false, ":status", "200", "content-type", "application/json; charset=utf-8")
	s.data(1, 1, false, `{"id":1,`)
	s.data(1, 1, true, `"name":"kim"}`)
	// a response header block in HEADERS + CONTINUATION
	blk := s.block(1, ":status", "201", "content-type", "application/json", "location", "/v1/orders/9")
	s.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 3, BlockFragment: blk[:3], EndHeaders: false})
	s.fr.WriteContinuation(3, false, blk[3:5])
	s.fr.WriteContinuation(3, true, blk[5:])
	s.flush(1)
	s.data(1, 3, true, `{"order":9}`)
	// gRPC: trailers carry grpc-status
	s.headers(0, 5, false, ":method", "POST", ":scheme", "http", ":authority", "api.example.test", ":path", "/shop.v1.Catalog/GetItem", "content-type", "application/grpc", "te", "trailers")
	s.data(0, 5, true, "\x00\x00\x00\x00\x02\x08\x01")
	s.headers(1, 5, false, ":status", "200", "content-type", "application/grpc")
	s.data(1, 5, false, "\x00\x00\x00\x00\x02\x08\x02")
	s.headers(1, 5, true, "grpc-status", "7", "grpc-message", "denied")
	// a push promised on stream 1's behalf
	s.fr.WritePushPromise(http2.PushPromiseParam{StreamID: 1, PromiseID: 2, BlockFragment: s.block(1, ":method", "GET", ":scheme", "http", ":authority", "api.example.test", ":path", "/v1/users/1/avatar"), EndHeaders: true})
	s.flush(1)
	s.headers(1, 2, false, ":status", "200", "content-type", "image/png")
	s.data(1, 2, true, "PNG")
	// a stream the client resets
	s.headers(0, 7, true, ":method", "GET", ":scheme", "http", ":authority", "api.example.test", ":path", "/v1/slow")
	s.fr.WriteRSTStream(7, http2.ErrCodeCancel)
	s.flush(0)
	// more requests reusing the dynamic table
	s.headers(0, 9, true, append(slices.Clone(auth[:4]), ":path", "/v1/users/2", auth[4], auth[5], auth[6], auth[7], auth[8], auth[9])...)
	s.headers(1, 9, false, ":status", "200", "content-type", "application/json; charset=utf-8")
	s.data(1, 9, true, `{"id":2}`)
	s.fr.WriteGoAway(9, http2.ErrCodeNo, nil)
	s.flush(1)
	// pings each way, so that a direction that lost bytes late still has
	// frames to find its way back on
	for dir := range 2 {
		s.fr.WritePing(false, [8]byte{1})
		s.fr.WritePing(true, [8]byte{1})
		s.flush(dir)
	}
	return s
}

func TestH2Conversation(t *testing.T) {
	s := conversation()
	want := []string{
		`GET "/v1/users/1" host=api.example.test path=/v1/users/1 query= proto=HTTP/2.0 status=200 flags=- resp=21:"{\"id\":1,\"name\":\"kim\"}" ct=/application/json`,
		`POST "/v1/orders?dry=1" host=api.example.test path=/v1/orders query=dry=1 proto=HTTP/2.0 status=201 flags=- req=14:"{\"item\":\"pen\"}" resp=11:"{\"order\":9}" ct=application/json/application/json`,
		`POST "/shop.v1.Catalog/GetItem" host=api.example.test path=/shop.v1.Catalog/GetItem query= proto=HTTP/2.0 status=200 flags=- req=7:"\x00\x00\x00\x00\x02\b\x01" resp=7:"\x00\x00\x00\x00\x02\b\x02" ct=application/grpc/application/grpc`,
		`GET "/v1/users/1/avatar" host=api.example.test path=/v1/users/1/avatar query= proto=HTTP/2.0 status=200 flags=- resp=3:"PNG" ct=/image/png`,
		`GET "/v1/slow" host=api.example.test path=/v1/slow query= proto=HTTP/2.0 status=0 flags=unpaired|truncated|noresponse`,
		`GET "/v1/users/2" host=api.example.test path=/v1/users/2 query= proto=HTTP/2.0 status=200 flags=- resp=8:"{\"id\":2}" ct=/application/json`,
	}
	for _, split := range []struct {
		name string
		f    func([]byte) [][]byte
	}{{"whole", whole}, {"bytes", pieces(1)}, {"random", randomSplits(3)}, {"random2", randomSplits(11)}} {
		out, cnt := runFramer(Config{}, s.steps, split.f)
		var got []string
		for _, ex := range out {
			got = append(got, summary(ex))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", split.name, strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
		if cnt.h2conns != 1 || cnt.h2streams != 6 || cnt.skipped != 0 {
			t.Errorf("%s: %d connections, %d streams, %d skipped", split.name, cnt.h2conns, cnt.h2streams, cnt.skipped)
		}
		for _, ex := range out {
			switch ex.Path {
			case "/v1/users/1":
				if c := ex.RequestHeader.Get("Cookie"); c != "a=1; sid=2" {
					t.Errorf("cookie %q", c)
				}
				if a := ex.RequestHeader.Get("Authorization"); a == "" {
					t.Error("authorization header lost")
				}
			case "/shop.v1.Catalog/GetItem":
				if g := ex.ResponseHeader.Get("Grpc-Status"); g != "7" {
					t.Errorf("grpc-status trailer %q", g)
				}
			}
		}
	}
}

// A gap in the client's direction loses a header block; the direction
// finds the next frame and a fresh HPACK table. Blocks that use only what
// that table learned decode; one that refers to an older entry is counted
// lost, never decoded against a wrong table.
func TestH2GapNeverMisdecodes(t *testing.T) {
	s := conversation()
	all, _ := runFramer(Config{}, s.steps, whole)
	truth := map[string]bool{}
	for _, ex := range all {
		truth[ex.Method+" "+ex.Target+" "+strconv.Itoa(ex.Status)] = true
	}
	for i, st := range s.steps {
		if i == 0 || i >= len(s.steps)-2 || st.gap != 0 {
			continue // the preface, and the pings that follow a last loss
		}
		for _, cut := range []int{1, 5, len(st.data) / 2, len(st.data) - 1} {
			if cut <= 0 || cut >= len(st.data) {
				continue
			}
			// the step loses its first cut bytes
			lossy := slices.Clone(s.steps)
			lossy[i] = step{dir: st.dir, data: st.data[cut:]}
			lossy = slices.Insert(lossy, i, gapOn(st.dir, cut))
			out, cnt := runFramer(Config{}, lossy, randomSplits(uint64(i*31+cut)))
			for _, ex := range out {
				if ex.Method == "" {
					continue // request headers lost: nothing claimed
				}
				k := ex.Method + " " + ex.Target + " " + strconv.Itoa(ex.Status)
				if !truth[k] && !truth[ex.Method+" "+ex.Target+" 0"] && ex.Status != 0 {
					t.Errorf("step %d cut %d: %q is not in the conversation", i, cut, k)
				}
			}
			if cnt.weird[WeirdH2Resync] == 0 {
				t.Errorf("step %d cut %d: no resync counted", i, cut)
			}
		}
	}
}

// A direction that lost a block the later ones refer to decodes what it
// still can: every header it gives is the one sent, and a block with
// fields it cannot know is flagged partial and counted.
func TestH2HeadersLostAfterGap(t *testing.T) {
	s := conversation()
	all, _ := runFramer(Config{}, s.steps, whole)
	orig := map[string]*Exchange{}
	for _, ex := range all {
		orig[ex.Target] = ex
	}
	// lose the whole first request header block (stream 1): stream 9
	// refers to the entries it added
	var lossy []step
	for i, st := range s.steps {
		if i == 3 { // the client's HEADERS of stream 1
			lossy = append(lossy, gapOn(st.dir, len(st.data)))
			continue
		}
		lossy = append(lossy, st)
	}
	out, cnt := runFramer(Config{}, lossy, whole)
	if cnt.weird[WeirdH2HeadersLost] == 0 {
		t.Error("no header block counted lost")
	}
	sawPartial := false
	for _, ex := range out {
		if ex.Method == "" {
			continue
		}
		o := orig[ex.Target]
		if o == nil || o.Method != ex.Method {
			t.Errorf("%s %s: not in the conversation", ex.Method, ex.Target)
			continue
		}
		for k, v := range ex.RequestHeader {
			if !slices.Equal(o.RequestHeader[k], v) {
				t.Errorf("%s: %s = %q, sent %q", ex.Target, k, v, o.RequestHeader[k])
			}
		}
		if ex.Target == "/v1/users/2" {
			sawPartial = ex.Flags&FlagPartialRequestHeaders != 0
		}
	}
	if !sawPartial {
		t.Error("stream 9 (its authorization refers to the lost block) not flagged partial")
	}
}

// The decoder against x/net's encoder: from the start it decodes every
// field; started at any later block (a capture picked up mid-connection)
// each field it knows is the one sent, at the same place.
func TestHPACKMidStream(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	var buf bytes.Buffer
	enc := hpack.NewEncoder(&buf)
	names := []string{":method", ":path", ":authority", "user-agent", "authorization", "content-type", "x-request-id", "cookie", "x-tenant"}
	var blocks [][]byte
	var sent [][]hpack.HeaderField
	for i := 0; i < 300; i++ {
		if i == 150 {
			enc.SetMaxDynamicTableSize(1024)
		}
		var fs []hpack.HeaderField
		for j := 0; j < 1+r.IntN(8); j++ {
			n := names[r.IntN(len(names))]
			v := fmt.Sprintf("v%d", r.IntN(40))
			if r.IntN(10) == 0 {
				v = strings.Repeat("x", r.IntN(300))
			}
			fs = append(fs, hpack.HeaderField{Name: n, Value: v, Sensitive: r.IntN(20) == 0})
		}
		buf.Reset()
		for _, f := range fs {
			enc.WriteField(f)
		}
		blocks = append(blocks, bytes.Clone(buf.Bytes()))
		sent = append(sent, fs)
	}
	for _, start := range []int{0, 1, 7, 60, 149, 151, 299} {
		d := newHPACKDecoder(4096, 1<<16)
		unknown := 0
		for i := start; i < len(blocks); i++ {
			got, err := d.decode(blocks[i], nil)
			if err != nil {
				t.Fatalf("start %d block %d: %v", start, i, err)
			}
			if len(got) != len(sent[i]) {
				t.Fatalf("start %d block %d: %d fields, sent %d", start, i, len(got), len(sent[i]))
			}
			for j, f := range got {
				if !f.known {
					unknown++
					continue
				}
				if f.name != sent[i][j].Name || f.value != sent[i][j].Value {
					t.Fatalf("start %d block %d field %d: %q=%q, sent %q=%q", start, i, j, f.name, f.value, sent[i][j].Name, sent[i][j].Value)
				}
			}
		}
		if start == 0 && unknown != 0 {
			t.Errorf("from the start: %d unknown fields", unknown)
		}
	}
}

func TestH2FrameHeaderPlausible(t *testing.T) {
	for _, tc := range []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"data", []byte{0, 0, 5, 0, 1, 0, 0, 0, 1}, true},
		{"data_stream0", []byte{0, 0, 5, 0, 1, 0, 0, 0, 0}, false},
		{"settings", []byte{0, 0, 6, 4, 0, 0, 0, 0, 0}, true},
		{"settings_ack_with_payload", []byte{0, 0, 6, 4, 1, 0, 0, 0, 0}, false},
		{"settings_on_stream", []byte{0, 0, 6, 4, 0, 0, 0, 0, 1}, false},
		{"ping_short", []byte{0, 0, 4, 6, 0, 0, 0, 0, 0}, false},
		{"too_long", []byte{0, 0x40, 1, 0, 0, 0, 0, 0, 1}, false},
		{"reserved_bit", []byte{0, 0, 1, 0, 0, 0x80, 0, 0, 1}, false},
		{"unknown_type", []byte{0, 0, 1, 0x20, 0, 0, 0, 0, 1}, false},
		{"headers_bad_flag", []byte{0, 0, 1, 1, 0x40, 0, 0, 0, 1}, false},
		{"http1_text", []byte("GET / HTT"), false},
	} {
		if _, _, _, _, ok := h2FrameHeader(tc.b, h2DefaultMaxFrame); ok != tc.ok {
			t.Errorf("%s: ok=%v, want %v", tc.name, ok, tc.ok)
		}
	}
}

// FuzzHPACK: any block, decoded by a fresh decoder and by one that has
// seen another block first, never panics, never returns more fields than
// representations it read, and keeps strings within the cap.
func FuzzHPACK(f *testing.F) {
	var buf bytes.Buffer
	enc := hpack.NewEncoder(&buf)
	for _, hf := range []hpack.HeaderField{{Name: ":method", Value: "GET"}, {Name: ":path", Value: "/a/b"}, {Name: "authorization", Value: "Bearer x", Sensitive: true}, {Name: "x-custom", Value: strings.Repeat("v", 40)}} {
		enc.WriteField(hf)
	}
	f.Add(bytes.Clone(buf.Bytes()), []byte{0x82, 0x86, 0x84})
	f.Add([]byte{0x3f, 0xe1, 0x1f}, []byte{0xbe})
	f.Add([]byte{0x40, 0x81, 0xff}, []byte{0x7f, 0x00})
	f.Fuzz(func(t *testing.T, first, block []byte) {
		if len(first)+len(block) > 4096 {
			return
		}
		for _, d := range []*hpackDecoder{newHPACKDecoder(4096, 256), newHPACKDecoder(64, 256)} {
			d.decode(first, nil)
			fs, _ := d.decode(block, nil)
			if len(fs) > len(block) {
				t.Fatalf("%d fields from %d bytes", len(fs), len(block))
			}
			for _, f := range fs {
				if len(f.name) > 256 || len(f.value) > 256 {
					t.Fatalf("string over the cap: %d/%d", len(f.name), len(f.value))
				}
			}
			if len(d.dyn) > hpackMaxEntries {
				t.Fatalf("%d table entries", len(d.dyn))
			}
		}
	})
}

// An encoder that fills its table with big literals (1 MiB announced) or
// entries whose names we never saw cannot make the decoder hold more than
// the memory budget allows; the entries over it keep their places,
// unknown, so later indexes still point right.
func TestHPACKTableBounded(t *testing.T) {
	budget := int64(100 << 10)
	d := newHPACKDecoder(1<<20, 1<<16)
	d.room = func() int64 { return budget - int64(d.held) }
	var buf bytes.Buffer
	enc := hpack.NewEncoder(&buf)
	enc.SetMaxDynamicTableSizeLimit(1 << 20)
	enc.SetMaxDynamicTableSize(1 << 20)
	for i := 0; i < 200; i++ {
		enc.WriteField(hpack.HeaderField{Name: fmt.Sprintf("x-big-%d", i), Value: strings.Repeat("v", 20<<10)})
	}
	if _, err := d.decode(buf.Bytes(), nil); err != nil {
		t.Fatal(err)
	}
	if int64(d.held) > budget {
		t.Fatalf("table holds %d bytes, budget %d", d.held, budget)
	}
	// the newest entry, re-sent as an index, decodes when it was kept and
	// is unknown (never another entry) when it was not
	buf.Reset()
	enc.WriteField(hpack.HeaderField{Name: "x-big-199", Value: strings.Repeat("v", 20<<10)})
	got, err := d.decode(buf.Bytes(), nil)
	if err != nil || len(got) != 1 || got[0].known && got[0].name != "x-big-199" {
		t.Fatalf("re-sent entry: %+v, %v", got, err)
	}
}
