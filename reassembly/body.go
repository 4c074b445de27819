package reassembly

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// decoders are the body decoders of Exchange.DecodedRequestBody and
// DecodedResponseBody.
var decoders = sync.Pool{New: func() any { return new(bodyDecoder) }}

// decodeBody returns raw decoded from enc, at most limit bytes (see
// Exchange.DecodedRequestBody).
func decodeBody(enc string, raw []byte, limit int) []byte {
	if len(raw) == 0 {
		return nil
	}
	if enc == "" {
		return raw
	}
	d := decoders.Get().(*bodyDecoder)
	out, ok, _, _ := d.decode(enc, raw, limit)
	d.src.Reset(nil)
	if d.out.Cap() > 4*limit+(64<<10) {
		d.out = bytes.Buffer{}
	}
	decoders.Put(d)
	if !ok {
		if len(raw) > limit {
			return raw[:limit:limit]
		}
		return raw
	}
	if len(out) > limit {
		out = out[:limit:limit]
	}
	return out
}

// bodyDecoder decodes Content-Encoding (gzip, deflate as zlib or raw, br)
// into at most limit bytes. Readers are reused; one per shard.
type bodyDecoder struct {
	src  bytes.Reader
	gz   *gzip.Reader
	fl   io.ReadCloser
	zl   io.ReadCloser
	br   *brotli.Reader
	out  bytes.Buffer
	lim  io.LimitedReader
	tmp  []byte
	tmp2 []byte
}

// decode returns the decoded body (a new slice owned by the caller, at most
// limit bytes; more says output was cut there). ok is false when an encoding
// is unknown; out is nil when decoding gave no output at all. Partial output
// of a truncated or corrupt body is returned with failed set.
func (d *bodyDecoder) decode(enc string, raw []byte, limit int) (out []byte, ok, failed, more bool) {
	if strings.IndexByte(enc, ',') < 0 {
		// one coding (the common case): decode straight into the result
		e := strings.ToLower(trimOWS(enc))
		if e == "" || e == "identity" {
			return raw, true, false, false
		}
		out, failed, known := d.one(e, raw, limit)
		if !known {
			return nil, false, false, false
		}
		if out == nil {
			return nil, true, true, false
		}
		if len(out) > limit {
			out, more = out[:limit], true
		}
		return bytes.Clone(out), true, failed, more
	}
	encs := strings.Split(enc, ",")
	cur := raw
	for i := len(encs) - 1; i >= 0; i-- {
		e := strings.ToLower(trimOWS(encs[i]))
		switch e {
		case "", "identity":
			continue
		}
		next, err, known := d.one(e, cur, limit)
		if !known {
			return nil, false, false, false
		}
		if next == nil {
			return nil, true, true, false
		}
		if len(next) > limit {
			next = next[:limit]
			more = true
		}
		// Alternate scratch buffers: the next layer reads this one's output
		// while d.out is rewritten.
		if i%2 == 0 {
			d.tmp = append(d.tmp[:0], next...)
			next = d.tmp
		} else {
			d.tmp2 = append(d.tmp2[:0], next...)
			next = d.tmp2
		}
		cur = next
		if err {
			failed = true
		}
	}
	if len(cur) > 0 && &cur[0] == &raw[0] {
		return raw, true, failed, more
	}
	return bytes.Clone(cur), true, failed, more
}

// one decodes one coding layer into d.out, at most limit+1 bytes (so the
// caller can tell output was cut), and returns d.out's bytes, valid until
// the next call. Returns nil for no output at all; known is false for an
// unknown coding.
func (d *bodyDecoder) one(enc string, in []byte, limit int) (out []byte, failed, known bool) {
	d.src.Reset(in)
	var r io.Reader
	var err error
	switch enc {
	case "gzip", "x-gzip":
		if d.gz == nil {
			d.gz, err = gzip.NewReader(&d.src)
		} else {
			err = d.gz.Reset(&d.src)
		}
		if err != nil {
			return nil, true, true
		}
		d.gz.Multistream(false)
		r = d.gz
	case "deflate":
		if len(in) >= 2 && in[0]&0x0f == 8 && (uint16(in[0])<<8|uint16(in[1]))%31 == 0 {
			if d.zl == nil {
				d.zl, err = zlib.NewReader(&d.src)
			} else {
				err = d.zl.(zlib.Resetter).Reset(&d.src, nil)
			}
			if err != nil {
				return nil, true, true
			}
			r = d.zl
		} else {
			if d.fl == nil {
				d.fl = flate.NewReader(&d.src)
			} else {
				_ = d.fl.(flate.Resetter).Reset(&d.src, nil)
			}
			r = d.fl
		}
	case "br":
		if d.br == nil {
			d.br = brotli.NewReader(&d.src)
		} else {
			_ = d.br.Reset(&d.src)
		}
		r = d.br
	default:
		return nil, false, false
	}
	d.out.Reset()
	d.lim = io.LimitedReader{R: r, N: int64(limit) + 1}
	_, err = d.out.ReadFrom(&d.lim)
	failed = err != nil
	if d.out.Len() == 0 {
		return nil, failed, true
	}
	return d.out.Bytes(), failed, true // valid until the next call
}
