package reassembly

import "testing"

// A header block cut by the end of the stream is emitted, flagged so that
// downstream does not read a missing header (a credential) as absent.
func TestPartialHeadersFlag(t *testing.T) {
	var got []*Exchange
	c, _ := newTestConn(Config{}, func(ex *Exchange) { got = append(got, ex) })
	c.feed(0, []byte("GET /files/1/download HTTP/1.1\r\nHost: a\r\nUser-Agent: x\r\n"), fakeTS{t0})
	c.close()
	if len(got) != 1 {
		t.Fatalf("%d exchanges, want 1", len(got))
	}
	if got[0].Flags&FlagPartialRequestHeaders == 0 || got[0].Flags&FlagPartialResponseHeaders != 0 {
		t.Errorf("flags %b: want partial request headers only", got[0].Flags)
	}

	got = nil
	c, _ = newTestConn(Config{}, func(ex *Exchange) { got = append(got, ex) })
	c.feed(0, []byte("GET /a HTTP/1.1\r\nHost: a\r\n\r\n"), fakeTS{t0})
	c.feed(1, []byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), fakeTS{t0})
	c.close()
	if len(got) != 1 || got[0].Flags&(FlagPartialRequestHeaders|FlagPartialResponseHeaders) != 0 {
		t.Fatalf("complete exchange flagged partial: %+v", got)
	}
}
