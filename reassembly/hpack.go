package reassembly

import (
	"errors"

	"golang.org/x/net/http2/hpack"
)

// hpackDecoder is an HPACK decoder (RFC 7541) for a passive observer that
// may have missed the start of the table's history. x/net's decoder stops
// at the first reference to an entry it does not hold; this one goes on:
// a reference past what it holds gives an unknown field, and an entry
// added with an unknown name still takes its place in the table, so every
// later index still points where the encoder's does. Entries are never
// evicted before the encoder's would be (the table may keep more: an
// entry the encoder dropped is never referred to again), so what decodes
// is what was sent. Huffman strings use x/net's decoder.
type hpackDecoder struct {
	// dyn holds the dynamic table, newest last; known[i] says whether
	// dyn[i] is known. size is the byte size of the known entries (the
	// unknown ones' sizes are unknown).
	dyn   []hpackEntry
	size  int
	limit int // the encoder's table size limit, as last announced
	// maxString bounds a decoded string (MaxHeaderBytes).
	maxString int
	// held is the string bytes the table keeps; room, when set, says how
	// many more it may keep (the connection's memory budget): an entry
	// over it is kept unknown, without its strings, so indexes stay
	// aligned and memory bounded.
	held int
	room func() int64
}

type hpackEntry struct {
	name, value string
	known       bool
}

// hpackField is a decoded field; known is false when its name or value
// referred to an entry from before what the decoder saw.
type hpackField struct {
	name, value string
	known       bool
}

// hpackMaxEntries bounds the dynamic table kept: an encoder with a 4 KiB
// table holds at most 128 entries (32 bytes of overhead each); announced
// tables up to 1 MiB allow more, and what is kept beyond is harmless.
const hpackMaxEntries = 4096

var errHPACK = errors.New("hpack: malformed block")

func newHPACKDecoder(limit uint32, maxString int) *hpackDecoder {
	return &hpackDecoder{limit: int(limit), maxString: maxString}
}

// lookup returns table entry i (1-based: static, then dynamic newest
// first).
func (d *hpackDecoder) lookup(i uint64) (hpackEntry, bool) {
	if i == 0 {
		return hpackEntry{}, false
	}
	if i <= uint64(len(hpackStatic)) {
		e := hpackStatic[i-1]
		return hpackEntry{name: e[0], value: e[1], known: true}, true
	}
	j := i - uint64(len(hpackStatic))
	if j > uint64(len(d.dyn)) {
		return hpackEntry{}, true // sent before what we saw
	}
	return d.dyn[uint64(len(d.dyn))-j], true
}

func (d *hpackDecoder) add(e hpackEntry) {
	if n := len(e.name) + len(e.value); d.room != nil && int64(n) > d.room() {
		e = hpackEntry{} // no memory for it: its place is kept, unknown
	}
	d.dyn = append(d.dyn, e)
	// what is known of an entry's size is a lower bound of the encoder's:
	// evicting by it never drops an entry the encoder still has
	d.size += len(e.name) + len(e.value) + 32
	d.held += len(e.name) + len(e.value)
	d.evict()
}

// evict drops the oldest entries while the known part of the table
// exceeds the limit (a lower bound of the encoder's size, so the table
// keeps at least what the encoder's holds).
func (d *hpackDecoder) evict() {
	n := 0
	for n < len(d.dyn) && (d.size > d.limit || len(d.dyn)-n > hpackMaxEntries) {
		e := d.dyn[n]
		d.size -= len(e.name) + len(e.value) + 32
		d.held -= len(e.name) + len(e.value)
		n++
	}
	if n > 0 {
		d.dyn = append(d.dyn[:0], d.dyn[n:]...)
	}
}

// decode decodes one complete header block. An error means the block is
// malformed (the table may now be off: the caller starts a new decoder).
func (d *hpackDecoder) decode(b []byte, out []hpackField) ([]hpackField, error) {
	for len(b) > 0 {
		c := b[0]
		switch {
		case c&0x80 != 0: // indexed field
			i, rest, ok := hpackInt(b, 7)
			if !ok {
				return out, errHPACK
			}
			b = rest
			e, ok := d.lookup(i)
			if !ok {
				return out, errHPACK
			}
			out = append(out, hpackField(e))
		case c&0xe0 == 0x20: // dynamic table size update
			v, rest, ok := hpackInt(b, 5)
			if !ok || v > 1<<24 {
				return out, errHPACK
			}
			b = rest
			d.limit = int(min(v, 1<<20))
			d.evict()
		default: // literal: with indexing (01), without (0000), never indexed (0001)
			index := c&0xc0 == 0x40
			prefix := uint8(4)
			if index {
				prefix = 6
			}
			ni, rest, ok := hpackInt(b, prefix)
			if !ok {
				return out, errHPACK
			}
			b = rest
			var f hpackEntry
			if ni > 0 {
				e, ok := d.lookup(ni)
				if !ok {
					return out, errHPACK
				}
				f.name, f.known = e.name, e.known
			} else {
				name, rest, ok := d.str(b)
				if !ok {
					return out, errHPACK
				}
				b = rest
				f.name, f.known = name, true
			}
			v, rest, ok := d.str(b)
			if !ok {
				return out, errHPACK
			}
			b = rest
			f.value = v
			if !f.known {
				f.name = ""
			}
			if index {
				d.add(f)
			}
			out = append(out, hpackField(f))
		}
	}
	return out, nil
}

// str reads a string literal.
func (d *hpackDecoder) str(b []byte) (string, []byte, bool) {
	if len(b) == 0 {
		return "", nil, false
	}
	huff := b[0]&0x80 != 0
	n, rest, ok := hpackInt(b, 7)
	if !ok || n > uint64(len(rest)) || n > uint64(d.maxString) {
		return "", nil, false
	}
	raw := rest[:n]
	rest = rest[n:]
	if !huff {
		return string(raw), rest, true
	}
	s, err := hpack.HuffmanDecodeToString(raw)
	if err != nil || len(s) > d.maxString {
		return "", nil, false
	}
	return s, rest, true
}

// hpackInt reads an integer with an n-bit prefix (RFC 7541 §5.1).
func hpackInt(b []byte, n uint8) (uint64, []byte, bool) {
	if len(b) == 0 {
		return 0, nil, false
	}
	mask := uint64(1)<<n - 1
	v := uint64(b[0]) & mask
	b = b[1:]
	if v < mask {
		return v, b, true
	}
	var m uint
	for i := 0; i < len(b) && i < 8; i++ {
		v += uint64(b[i]&0x7f) << m
		if b[i]&0x80 == 0 {
			return v, b[i+1:], true
		}
		m += 7
	}
	return 0, nil, false
}

// hpackStatic is the static table (RFC 7541 Appendix A).
var hpackStatic = [61][2]string{
	{":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"},
	{":path", "/index.html"}, {":scheme", "http"}, {":scheme", "https"}, {":status", "200"},
	{":status", "204"}, {":status", "206"}, {":status", "304"}, {":status", "400"},
	{":status", "404"}, {":status", "500"}, {"accept-charset", ""}, {"accept-encoding", "gzip, deflate"},
	{"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""}, {"access-control-allow-origin", ""},
	{"age", ""}, {"allow", ""}, {"authorization", ""}, {"cache-control", ""},
	{"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""}, {"content-length", ""},
	{"content-location", ""}, {"content-range", ""}, {"content-type", ""}, {"cookie", ""},
	{"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""},
	{"from", ""}, {"host", ""}, {"if-match", ""}, {"if-modified-since", ""},
	{"if-none-match", ""}, {"if-range", ""}, {"if-unmodified-since", ""}, {"last-modified", ""},
	{"link", ""}, {"location", ""}, {"max-forwards", ""}, {"proxy-authenticate", ""},
	{"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""},
	{"retry-after", ""}, {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""},
	{"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""},
	{"www-authenticate", ""},
}
