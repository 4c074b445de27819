package applab

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Exchange is one HTTP request of the capture and the response paired with
// it (Status 0 when no response was captured).
type Exchange struct {
	Conn   int // connection index
	Seq    int // position of the request on its connection
	Method string
	Target string // request-target as sent
	Path   string // path part of the target, still escaped
	Query  url.Values
	Host   string
	Header http.Header
	Proto  string
	Status int
	Time   time.Time

	ChunkedReq, GzipReq, ChunkedResp, GzipResp, Close, Pipelined bool
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// packetTimes maps stream offsets of one direction to the time of the first
// packet that carried them.
type packetTimes struct {
	off []int64
	ts  []time.Time
}

func (pt *packetTimes) at(off int64) time.Time {
	i := sort.Search(len(pt.off), func(i int) bool { return pt.off[i] > off })
	if i == 0 {
		if len(pt.ts) > 0 {
			return pt.ts[0]
		}
		return time.Time{}
	}
	return pt.ts[i-1]
}

func (c *Capture) times(cn *Conn, fromSrv bool) *packetTimes {
	base := cn.clientBase
	if fromSrv {
		base = cn.serverBase
	}
	type ot struct {
		off int64
		t   time.Time
	}
	var v []ot
	for _, i := range cn.Packets {
		p := c.Packets[i]
		if p.FromSrv != fromSrv || len(p.Payload) == 0 {
			continue
		}
		v = append(v, ot{int64(int32(p.Seq - base)), p.CI.Timestamp})
	}
	sort.SliceStable(v, func(i, j int) bool { return v[i].off < v[j].off })
	pt := &packetTimes{}
	for _, x := range v {
		if n := len(pt.off); n > 0 && pt.off[n-1] == x.off {
			continue
		}
		pt.off = append(pt.off, x.off)
		pt.ts = append(pt.ts, x.t)
	}
	return pt
}

// Exchanges parses the HTTP/1.x requests and responses of every connection.
func (c *Capture) Exchanges() []*Exchange {
	var all []*Exchange
	for _, cn := range c.Conns {
		all = append(all, c.connExchanges(cn)...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Time.Before(all[j].Time) })
	return all
}

func (c *Capture) connExchanges(cn *Conn) (out []*Exchange) {
	if len(cn.ClientStream) == 0 {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			_ = r // malformed traffic: keep what was parsed
		}
	}()
	if bytes.HasPrefix(cn.ClientStream, []byte(h2Preface)) {
		return c.h2Exchanges(cn)
	}
	ctimes, stimes := c.times(cn, false), c.times(cn, true)
	cr := &countReader{r: bytes.NewReader(cn.ClientStream)}
	br := bufio.NewReader(cr)
	var reqs []*http.Request
	var starts []int64
	for {
		start := cr.n - int64(br.Buffered())
		if _, err := br.Peek(1); err != nil {
			break
		}
		req, err := http.ReadRequest(br)
		if err != nil {
			break
		}
		if _, err := io.Copy(io.Discard, req.Body); err != nil {
			break
		}
		req.Body.Close()
		if req.Method == "PRI" {
			break
		}
		e := &Exchange{
			Conn: cn.ID, Seq: len(out), Method: req.Method, Target: req.RequestURI,
			Host: req.Host, Header: req.Header, Proto: req.Proto, Time: ctimes.at(start),
		}
		e.Path, e.Query = splitTarget(req.RequestURI)
		e.ChunkedReq = len(req.TransferEncoding) > 0 && req.TransferEncoding[0] == "chunked"
		e.GzipReq = strings.Contains(strings.ToLower(req.Header.Get("Content-Encoding")), "gzip")
		e.Close = req.Close
		out = append(out, e)
		reqs = append(reqs, req)
		starts = append(starts, start)
		if req.Header.Get("Upgrade") != "" {
			break
		}
	}
	sr := &countReader{r: bytes.NewReader(cn.ServerStream)}
	sbr := bufio.NewReader(sr)
	var prevResp time.Time
	for i, req := range reqs {
		if i > 0 && !prevResp.IsZero() && ctimes.at(starts[i]).Before(prevResp) {
			out[i].Pipelined = true
		}
		var resp *http.Response
		var err error
		var rstart int64
		for {
			rstart = sr.n - int64(sbr.Buffered())
			resp, err = http.ReadResponse(sbr, req)
			if err != nil || resp.StatusCode >= 200 || resp.StatusCode == 101 || resp.StatusCode < 100 {
				break
			}
		}
		if err != nil {
			return out
		}
		prevResp = stimes.at(rstart)
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		out[i].Status = resp.StatusCode
		out[i].ChunkedResp = len(resp.TransferEncoding) > 0 && resp.TransferEncoding[0] == "chunked"
		out[i].GzipResp = strings.Contains(strings.ToLower(resp.Header.Get("Content-Encoding")), "gzip")
		if err != nil || resp.StatusCode == 101 {
			return out
		}
	}
	return out
}

// splitTarget returns the escaped path and the query of a request-target
// (origin form, absolute form or "*").
func splitTarget(t string) (string, url.Values) {
	// absolute form only: an origin-form target starts with '/' and may
	// carry a URL in its query (?return_to=http://...)
	if i := strings.Index(t, "://"); i >= 0 && !strings.HasPrefix(t, "/") {
		rest := t[i+3:]
		if j := strings.IndexAny(rest, "/?"); j >= 0 {
			t = rest[j:]
		} else {
			t = "/"
		}
	}
	q := ""
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t = t[:i]
	}
	if i := strings.IndexByte(t, '?'); i >= 0 {
		t, q = t[:i], t[i+1:]
	}
	vals, _ := url.ParseQuery(q)
	if t == "" || t[0] != '/' {
		t = "/" + t
	}
	return t, vals
}
