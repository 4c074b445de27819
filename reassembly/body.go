package reassembly

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"strings"

	"github.com/andybalholm/brotli"
)

// bodyDecoder decodes Content-Encoding (gzip, deflate as zlib or raw, br)
// into at most limit bytes. Readers are reused; one per shard.
type bodyDecoder struct {
	src  bytes.Reader
	gz   *gzip.Reader
	fl   io.ReadCloser
	zl   io.ReadCloser
	br   *brotli.Reader
	out  bytes.Buffer
	tmp  []byte
	tmp2 []byte
}

// decode returns the decoded body (a new slice owned by the caller), or ok
// false when the encoding is unknown or decoding failed before any output;
// partial output (a truncated body) is returned with ok true.
func (d *bodyDecoder) decode(enc string, raw []byte, limit int) (out []byte, ok, failed bool) {
	encs := strings.Split(enc, ",")
	cur := raw
	for i := len(encs) - 1; i >= 0; i-- {
		e := strings.ToLower(trimOWS(encs[i]))
		switch e {
		case "", "identity":
			continue
		}
		next, err := d.one(e, cur, limit)
		if next == nil {
			return nil, false, err
		}
		cur = next
		if err {
			failed = true
		}
	}
	if len(cur) > 0 && &cur[0] == &raw[0] {
		return raw, true, failed
	}
	return bytes.Clone(cur), true, failed
}

// one decodes one coding layer into a scratch buffer. Returns nil for an
// unknown coding or no output at all.
func (d *bodyDecoder) one(enc string, in []byte, limit int) ([]byte, bool) {
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
			return nil, true
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
				return nil, true
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
		return nil, false
	}
	d.out.Reset()
	_, err = io.Copy(&d.out, io.LimitReader(r, int64(limit)))
	failed := err != nil
	if d.out.Len() == 0 {
		return nil, failed
	}
	// Alternate scratch buffers so a stacked decode never reads what it writes.
	if len(d.tmp) > 0 && len(in) > 0 && &in[0] == &d.tmp[0] {
		d.tmp2 = append(d.tmp2[:0], d.out.Bytes()...)
		return d.tmp2, failed
	}
	d.tmp = append(d.tmp[:0], d.out.Bytes()...)
	return d.tmp, failed
}
