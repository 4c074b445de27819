package capture

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/klauspost/compress/zstd"
)

// Source is a stream of raw frames.
type Source interface {
	// ReadPacket returns the next frame and its link type; data is valid
	// until the next call. It returns io.EOF at the end. A truncated or
	// corrupt input returns a *CaptureError naming the file and byte offset
	// (and packet number), after every good frame before it has been
	// returned.
	ReadPacket() (data []byte, ci gopacket.CaptureInfo, link layers.LinkType, err error)
	// Close releases the source.
	Close() error
}

// Limits of the file reader. A record or block larger than MaxFrameSize is
// reported as ErrTooLarge rather than buffered, so a hostile file cannot make
// the reader allocate more than ReadBufferSize (twice for compressed input,
// plus a zstd window of at most MaxZstdWindow).
const (
	// MaxFrameSize is the largest captured frame accepted (1 MiB; tcpdump's
	// default snap length is 256 KiB, loopback GSO frames are at most 64 KiB).
	MaxFrameSize = 1 << 20
	// ReadBufferSize is the size of the read buffer of each open file.
	ReadBufferSize = 4 << 20
	// MaxZstdWindow is the largest zstd window accepted (32 MiB). The window
	// is what a zstd decoder must hold; `zstd -19` writes 8 MiB windows and
	// `--long` up to 128 MiB, so a larger one is refused rather than let a
	// crafted header decide how much memory the sensor takes.
	MaxZstdWindow = 32 << 20
	// maxInterfaces caps the interfaces of one pcapng section.
	maxInterfaces = 4096
	// maxBlock is the largest pcapng block accepted.
	maxBlock = MaxFrameSize + 4096
)

// Position says where a Files source is: the file being read, the number of
// packets returned from it so far, and the byte offset of the next record.
type Position struct {
	File           string
	Packet, Offset int64
}

// Files is the Source returned by OpenFiles: capture files read one after
// another. After a *CaptureError from one file, the next ReadPacket goes on
// with the following file, so a caller may report the error and continue.
type Files struct {
	names   []string
	next    int // index of the next file to open
	cur     *fileReader
	bufSize int
	closed  bool
	stdin   io.Reader // os.Stdin unless a test replaces it
}

// OpenFiles opens capture files read one after another in order; "-" is
// stdin. Each may be pcap (µs or ns, either byte order) or pcapng (several
// sections and interfaces, per-interface link types), optionally
// gzip- or zstd-compressed (detected by magic bytes, not by name). Every file must
// exist when OpenFiles is called; the first is opened and its header checked
// at once, the others when they are reached.
func OpenFiles(names ...string) (Source, error) {
	return openFiles(ReadBufferSize, os.Stdin, names...)
}

// OpenReader opens one capture stream read from r (pcap or pcapng,
// optionally gzip- or zstd-compressed), named "-" like stdin: stdin whose first
// bytes a caller has already read, for one.
func OpenReader(r io.Reader) (Source, error) {
	f := &Files{names: []string{"-"}, bufSize: ReadBufferSize, stdin: r}
	if err := f.openNext(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func openFiles(bufSize int, stdin io.Reader, names ...string) (*Files, error) {
	if len(names) == 0 {
		return nil, errors.New("capture: no capture files given")
	}
	nstdin := 0
	for _, n := range names {
		if n == "-" {
			nstdin++
			continue
		}
		st, err := os.Stat(n)
		if err != nil {
			return nil, fmt.Errorf("capture: %w", err)
		}
		if st.IsDir() {
			return nil, fmt.Errorf("capture: %s is a directory", n)
		}
	}
	if nstdin > 1 {
		return nil, errors.New(`capture: stdin ("-") given more than once`)
	}
	f := &Files{names: names, bufSize: bufSize, stdin: stdin}
	if err := f.openNext(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// openNext opens names[next] as cur.
func (f *Files) openNext() error {
	name := f.names[f.next]
	f.next++
	var rc io.Reader
	var closer io.Closer
	if name == "-" {
		rc = f.stdin
	} else {
		fh, err := os.Open(name)
		if err != nil {
			return &CaptureError{File: name, Packet: 1, Err: err}
		}
		rc, closer = fh, fh
	}
	r, err := newFileReader(name, rc, closer, f.bufSize)
	if err != nil {
		if closer != nil {
			closer.Close()
		}
		return err
	}
	f.cur = r
	return nil
}

// ReadPacket implements Source.
func (f *Files) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	for {
		if f.closed {
			return nil, gopacket.CaptureInfo{}, 0, ErrClosed
		}
		if f.cur == nil {
			if f.next >= len(f.names) {
				return nil, gopacket.CaptureInfo{}, 0, io.EOF
			}
			if err := f.openNext(); err != nil {
				return nil, gopacket.CaptureInfo{}, 0, err
			}
		}
		data, ci, link, err := f.cur.read()
		if err == nil {
			return data, ci, link, nil
		}
		f.cur.close()
		f.cur = nil
		if err != io.EOF {
			return nil, gopacket.CaptureInfo{}, 0, err
		}
	}
}

// Position reports where the source is (zero after the last file).
func (f *Files) Position() Position {
	if f.cur == nil {
		return Position{}
	}
	return Position{File: f.cur.name, Packet: f.cur.packets, Offset: f.cur.off + int64(f.cur.pending)}
}

// Close implements Source.
func (f *Files) Close() error {
	f.closed = true
	if f.cur != nil {
		f.cur.close()
		f.cur = nil
	}
	return nil
}

type fileFormat uint8

const (
	formatPcap fileFormat = iota + 1
	formatPcapNG
)

// ngIface is one pcapng interface (IDB).
type ngIface struct {
	link    layers.LinkType
	snaplen uint32
	// timestamp units per second: pow10 != 0 means 10^pow10 ... stored as
	// unitsPerSec when the resolution is a power of ten, shift when a power
	// of two.
	unitsPerSec uint64
	pow2        bool
	shift       uint8
	offset      int64 // if_tsoffset, seconds
}

// fileReader reads one pcap or pcapng stream without allocating per record:
// records are sliced out of the bufio buffer (zero copy).
type fileReader struct {
	name    string
	closer  io.Closer
	dec     io.Closer // the gzip or zstd decompressor, if any
	br      *bufio.Reader
	format  fileFormat
	off     int64 // offset of the next unread byte
	pending int   // bytes of the last returned record, discarded on the next read
	packets int64 // packets returned so far

	// pcap
	big    bool
	nano   bool
	link   layers.LinkType
	recHdr int // record header length: 16, or 24 for Kuznetzov's modified pcap
	// pcapng
	ifaces []ngIface
}

func (r *fileReader) u16(b []byte) uint16 {
	if r.big {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (r *fileReader) u32(b []byte) uint32 {
	if r.big {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

func (r *fileReader) err(off int64, err error) *CaptureError {
	return &CaptureError{File: r.name, Packet: r.packets + 1, Offset: off, Err: err}
}

// shortErr maps the error of a short Peek to a capture error: a clean end of
// stream inside a structure is ErrTruncated; anything else (I/O, corrupt
// gzip) is passed on.
func (r *fileReader) shortErr(off int64, err error) *CaptureError {
	if err == nil || err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return r.err(off, ErrTruncated)
	}
	return r.err(off, err)
}

func newFileReader(name string, rd io.Reader, closer io.Closer, bufSize int) (*fileReader, error) {
	r := &fileReader{name: name, closer: closer}
	r.br = bufio.NewReaderSize(rd, bufSize)
	m, err := r.br.Peek(4)
	if len(m) == 0 {
		if err == nil || err == io.EOF {
			return nil, r.err(0, ErrEmpty)
		}
		return nil, r.err(0, err)
	}
	var dec io.Reader
	format := "" // the compression, for errors
	switch {
	case len(m) >= 2 && m[0] == 0x1f && m[1] == 0x8b:
		gz, err := gzip.NewReader(r.br)
		if err != nil {
			return nil, r.shortErr(0, fmt.Errorf("gzip: %w", err))
		}
		r.dec, dec, format = gz, gz, "gzip"
	case len(m) == 4 && binary.LittleEndian.Uint32(m) == 0xfd2fb528:
		// One goroutine and low-memory mode: a capture is read once, in
		// order, and the sensor's memory must not grow with the file.
		zr, err := zstd.NewReader(r.br, zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderLowmem(true), zstd.WithDecoderMaxWindow(MaxZstdWindow))
		if err != nil {
			return nil, r.err(0, fmt.Errorf("zstd: %w", err))
		}
		r.dec, dec, format = zr.IOReadCloser(), zr, "zstd"
	}
	if dec != nil {
		r.br = bufio.NewReaderSize(dec, bufSize)
		m, err = r.br.Peek(4)
		if len(m) == 0 {
			if err == nil || err == io.EOF {
				return nil, r.err(0, ErrEmpty)
			}
			return nil, r.shortErr(0, fmt.Errorf("%s: %w", format, err))
		}
	}
	if len(m) < 4 {
		return nil, r.err(0, ErrTruncated)
	}
	r.recHdr = 16
	switch binary.LittleEndian.Uint32(m) {
	case 0xa1b2cd34: // modified pcap (Kuznetzov): 8 more bytes per record header
		r.format, r.recHdr = formatPcap, 24
	case 0x34cdb2a1:
		r.format, r.big, r.recHdr = formatPcap, true, 24
	case 0xa1b2c3d4:
		r.format = formatPcap
	case 0xa1b23c4d:
		r.format, r.nano = formatPcap, true
	case 0xd4c3b2a1:
		r.format, r.big = formatPcap, true
	case 0x4d3cb2a1:
		r.format, r.big, r.nano = formatPcap, true, true
	case 0x0a0d0d0a:
		r.format = formatPcapNG
	default:
		return nil, r.err(0, fmt.Errorf("%w (magic %02x%02x%02x%02x)", ErrBadMagic, m[0], m[1], m[2], m[3]))
	}
	if r.format == formatPcap {
		h, err := r.br.Peek(24)
		if len(h) < 24 {
			return nil, r.shortErr(0, err)
		}
		lt := r.u32(h[20:])
		r.link = layers.LinkType(lt & 0xffff)
		r.br.Discard(24)
		r.off = 24
		return r, nil
	}
	// pcapng: the first block must be a section header; read it now so that
	// a bad header fails at open.
	if err := r.readSHB(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *fileReader) close() {
	if r.dec != nil {
		r.dec.Close()
		r.dec = nil
	}
	if r.closer != nil {
		r.closer.Close()
		r.closer = nil
	}
}

// discardPending drops the record returned by the previous read.
func (r *fileReader) discardPending() {
	if r.pending > 0 {
		r.br.Discard(r.pending)
		r.off += int64(r.pending)
		r.pending = 0
	}
}

func (r *fileReader) read() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	r.discardPending()
	if r.format == formatPcap {
		return r.readPcap()
	}
	return r.readNG()
}

func (r *fileReader) readPcap() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	var ci gopacket.CaptureInfo
	h, err := r.br.Peek(r.recHdr)
	if len(h) < r.recHdr {
		if len(h) == 0 && (err == io.EOF || err == nil) {
			return nil, ci, 0, io.EOF
		}
		return nil, ci, 0, r.shortErr(r.off, err)
	}
	caplen := r.u32(h[8:])
	origlen := r.u32(h[12:])
	if caplen > MaxFrameSize {
		return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: captured length %d > %d", ErrTooLarge, caplen, MaxFrameSize))
	}
	n := r.recHdr + int(caplen)
	rec, err := r.br.Peek(n)
	if len(rec) < n {
		return nil, ci, 0, r.shortErr(r.off, err)
	}
	sec := int64(r.u32(rec[0:]))
	frac := int64(r.u32(rec[4:]))
	if !r.nano {
		frac *= 1000
	}
	ci.Timestamp = time.Unix(sec, frac).UTC()
	ci.CaptureLength = int(caplen)
	ci.Length = int(origlen)
	r.pending = n
	r.packets++
	return rec[r.recHdr:n:n], ci, r.link, nil
}

// pcapng block types.
const (
	ngSHB = 0x0a0d0d0a
	ngIDB = 0x00000001
	ngOPB = 0x00000002
	ngSPB = 0x00000003
	ngEPB = 0x00000006
)

// readSHB reads a section header block at the current offset, setting the
// byte order and resetting the interfaces.
func (r *fileReader) readSHB() error {
	h, err := r.br.Peek(12)
	if len(h) < 12 {
		return r.shortErr(r.off, err)
	}
	switch binary.LittleEndian.Uint32(h[8:]) {
	case 0x1a2b3c4d:
		r.big = false
	case 0x4d3c2b1a:
		r.big = true
	default:
		return r.err(r.off, fmt.Errorf("%w: pcapng byte-order magic %x", ErrCorrupt, h[8:12]))
	}
	blen := r.u32(h[4:])
	if blen < 28 || blen%4 != 0 || blen > maxBlock {
		return r.err(r.off, fmt.Errorf("%w: pcapng section header length %d", ErrCorrupt, blen))
	}
	b, err := r.br.Peek(int(blen))
	if len(b) < int(blen) {
		return r.shortErr(r.off, err)
	}
	if r.u32(b[blen-4:]) != blen {
		return r.err(r.off, fmt.Errorf("%w: pcapng block length mismatch", ErrCorrupt))
	}
	if major := r.u16(b[12:]); major != 1 {
		return r.err(r.off, fmt.Errorf("%w: pcapng version %d", ErrCorrupt, major))
	}
	r.ifaces = r.ifaces[:0]
	r.br.Discard(int(blen))
	r.off += int64(blen)
	return nil
}

func (r *fileReader) readNG() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	var ci gopacket.CaptureInfo
	for {
		h, err := r.br.Peek(8)
		if len(h) < 8 {
			if len(h) == 0 && (err == io.EOF || err == nil) {
				return nil, ci, 0, io.EOF
			}
			return nil, ci, 0, r.shortErr(r.off, err)
		}
		typ := r.u32(h)
		if typ == ngSHB {
			if err := r.readSHB(); err != nil {
				return nil, ci, 0, err
			}
			continue
		}
		blen := r.u32(h[4:])
		if blen < 12 || blen%4 != 0 {
			return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: pcapng block length %d", ErrCorrupt, blen))
		}
		n := int(blen)
		if blen > maxBlock {
			if typ == ngIDB || typ == ngEPB || typ == ngOPB || typ == ngSPB {
				return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: pcapng block length %d > %d", ErrTooLarge, blen, maxBlock))
			}
			// A large block we skip anyway (secrets, custom, statistics):
			// stream past it without buffering it, then check its trailer.
			if err := r.skipLarge(n); err != nil {
				return nil, ci, 0, err
			}
			continue
		}
		b, err := r.br.Peek(n)
		if len(b) < n {
			return nil, ci, 0, r.shortErr(r.off, err)
		}
		if r.u32(b[n-4:]) != blen {
			return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: pcapng block length mismatch", ErrCorrupt))
		}
		body := b[8 : n-4]
		switch typ {
		case ngIDB:
			if err := r.addIface(body); err != nil {
				return nil, ci, 0, r.err(r.off, err)
			}
		case ngEPB, ngOPB:
			// EPB: iface u32, ts hi, ts lo, caplen, origlen.
			// OPB: iface u16, drops u16, ts hi, ts lo, caplen, origlen.
			if len(body) < 20 {
				return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: short packet block", ErrCorrupt))
			}
			var id uint32
			if typ == ngEPB {
				id = r.u32(body)
			} else {
				id = uint32(r.u16(body))
			}
			if id >= uint32(len(r.ifaces)) {
				return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: packet block for undeclared interface %d", ErrCorrupt, id))
			}
			caplen := r.u32(body[12:])
			if uint64(caplen) > uint64(len(body)-20) {
				return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: captured length %d exceeds block", ErrCorrupt, caplen))
			}
			ifc := &r.ifaces[id]
			ts := uint64(r.u32(body[4:]))<<32 | uint64(r.u32(body[8:]))
			ci.Timestamp = ifc.time(ts)
			ci.CaptureLength = int(caplen)
			ci.Length = int(r.u32(body[16:]))
			ci.InterfaceIndex = int(id)
			r.pending = n
			r.packets++
			return body[20 : 20+caplen : 20+caplen], ci, ifc.link, nil
		case ngSPB:
			if len(body) < 4 {
				return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: short simple packet block", ErrCorrupt))
			}
			if len(r.ifaces) == 0 {
				return nil, ci, 0, r.err(r.off, fmt.Errorf("%w: simple packet block without interface", ErrCorrupt))
			}
			ifc := &r.ifaces[0]
			orig := r.u32(body)
			caplen := uint64(orig)
			if ifc.snaplen != 0 && caplen > uint64(ifc.snaplen) {
				caplen = uint64(ifc.snaplen)
			}
			if caplen > uint64(len(body)-4) {
				caplen = uint64(len(body) - 4)
			}
			ci.CaptureLength = int(caplen)
			ci.Length = int(orig)
			r.pending = n
			r.packets++
			return body[4 : 4+caplen : 4+caplen], ci, ifc.link, nil
		}
		// Any other block (name resolution, statistics, secrets, custom):
		// skip it.
		r.br.Discard(n)
		r.off += int64(n)
	}
}

// skipLarge discards a block of n bytes at r.off that does not fit the
// buffer, checking its trailing length.
func (r *fileReader) skipLarge(n int) error {
	start := r.off
	d, err := r.br.Discard(n - 4)
	if d < n-4 {
		return r.shortErr(start, err)
	}
	t, err := r.br.Peek(4)
	if len(t) < 4 {
		return r.shortErr(start, err)
	}
	if int(r.u32(t)) != n {
		return r.err(start, fmt.Errorf("%w: pcapng block length mismatch", ErrCorrupt))
	}
	r.br.Discard(4)
	r.off += int64(n)
	return nil
}

// addIface parses an interface description block body.
func (r *fileReader) addIface(body []byte) error {
	if len(body) < 8 {
		return fmt.Errorf("%w: short interface block", ErrCorrupt)
	}
	if len(r.ifaces) >= maxInterfaces {
		return fmt.Errorf("%w: more than %d interfaces in a section", ErrTooLarge, maxInterfaces)
	}
	ifc := ngIface{
		link:        layers.LinkType(r.u16(body)),
		snaplen:     r.u32(body[4:]),
		unitsPerSec: 1e6,
	}
	opts := body[8:]
	for len(opts) >= 4 {
		code := r.u16(opts)
		l := int(r.u16(opts[2:]))
		if code == 0 { // opt_endofopt
			break
		}
		pad := (l + 3) &^ 3
		if 4+pad > len(opts) {
			return fmt.Errorf("%w: interface option overruns block", ErrCorrupt)
		}
		v := opts[4 : 4+l]
		switch code {
		case 9: // if_tsresol
			if l != 1 {
				return fmt.Errorf("%w: if_tsresol length %d", ErrCorrupt, l)
			}
			if v[0]&0x80 != 0 {
				s := v[0] & 0x7f
				if s > 63 {
					return fmt.Errorf("%w: if_tsresol 2^-%d", ErrCorrupt, s)
				}
				ifc.pow2, ifc.shift = true, s
			} else {
				if v[0] > 19 {
					return fmt.Errorf("%w: if_tsresol 10^-%d", ErrCorrupt, v[0])
				}
				u := uint64(1)
				for range v[0] {
					u *= 10
				}
				ifc.unitsPerSec = u
			}
		case 14: // if_tsoffset
			if l != 8 {
				return fmt.Errorf("%w: if_tsoffset length %d", ErrCorrupt, l)
			}
			hi, lo := uint64(r.u32(v)), uint64(r.u32(v[4:]))
			if r.big {
				ifc.offset = int64(hi<<32 | lo)
			} else {
				ifc.offset = int64(lo<<32 | hi)
			}
		}
		opts = opts[4+pad:]
	}
	r.ifaces = append(r.ifaces, ifc)
	return nil
}

// time converts a pcapng timestamp in interface units to a time.Time.
func (ifc *ngIface) time(ts uint64) time.Time {
	var sec, nsec uint64
	if ifc.pow2 {
		sec = ts >> ifc.shift
		frac := ts & (1<<ifc.shift - 1)
		hi, lo := bits.Mul64(frac, 1e9)
		if ifc.shift == 0 {
			nsec = 0
		} else {
			nsec = lo>>ifc.shift | hi<<(64-ifc.shift)
		}
	} else {
		u := ifc.unitsPerSec
		sec = ts / u
		rem := ts % u
		if u <= 1e9 {
			nsec = rem * (1e9 / u)
		} else {
			nsec = rem / (u / 1e9)
		}
	}
	return time.Unix(int64(sec)+ifc.offset, int64(nsec)).UTC()
}
