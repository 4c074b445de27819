package capture

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/klauspost/compress/zstd"
)

// frame is one frame read from a source, copied.
type frame struct {
	data []byte
	ci   gopacket.CaptureInfo
	link layers.LinkType
}

// readSource reads src to the end or the first error.
func readSource(src Source) ([]frame, error) {
	var out []frame
	for {
		data, ci, link, err := src.ReadPacket()
		if err != nil {
			if err == io.EOF {
				return out, nil
			}
			return out, err
		}
		out = append(out, frame{bytes.Clone(data), ci, link})
	}
}

// readBytes reads a capture held in memory through the same reader OpenFiles
// uses, with a small buffer.
func readBytes(name string, b []byte) ([]frame, error) {
	r, err := newFileReader(name, bytes.NewReader(b), nil, 128<<10)
	if err != nil {
		return nil, err
	}
	var out []frame
	for {
		data, ci, link, err := r.read()
		if err != nil {
			if err == io.EOF {
				return out, nil
			}
			return out, err
		}
		out = append(out, frame{bytes.Clone(data), ci, link})
	}
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recordStarts walks a capture independently of the reader and returns the
// offset of every packet record (pcap) or packet block (pcapng), plus the end
// offset of every structure (header, record, block) at which a cut is clean.
func recordStarts(t *testing.T, b []byte) (packets, ends []int64, clean map[int64]bool) {
	t.Helper()
	clean = map[int64]bool{}
	if binary.LittleEndian.Uint32(b) == 0x0a0d0d0a {
		order := binary.ByteOrder(binary.LittleEndian)
		for off := 0; off+8 <= len(b); {
			typ := order.Uint32(b[off:])
			if typ == ngSHB {
				if binary.LittleEndian.Uint32(b[off+8:]) == 0x1a2b3c4d {
					order = binary.LittleEndian
				} else {
					order = binary.BigEndian
				}
			}
			l := int(order.Uint32(b[off+4:]))
			if typ == ngEPB || typ == ngSPB || typ == ngOPB {
				packets = append(packets, int64(off))
				ends = append(ends, int64(off+l))
			}
			off += l
			clean[int64(off)] = true
		}
		return packets, ends, clean
	}
	var order binary.ByteOrder = binary.LittleEndian
	if b[0] == 0xa1 || b[0] == 0x4d {
		order = binary.BigEndian
	}
	clean[24] = true
	for off := 24; off+16 <= len(b); {
		packets = append(packets, int64(off))
		off += 16 + int(order.Uint32(b[off+8:]))
		ends = append(ends, int64(off))
		clean[int64(off)] = true
	}
	return packets, ends, clean
}

// TestTruncatedCaptures cuts real captures at every byte and checks that all
// complete frames come back, then either io.EOF (cut on a record boundary) or
// a *CaptureError with ErrTruncated naming the offset of the cut record.
func TestTruncatedCaptures(t *testing.T) {
	for _, name := range []string{"arkime-head-500.pcap", "suricata-linux-sll2.pcap", "suricata-gap-http10-null.pcap", "ndpi-starting-with-reply.pcapng"} {
		t.Run(name, func(t *testing.T) {
			full := mustRead(t, name)
			want, err := readBytes(name, full)
			if err != nil {
				t.Fatal(err)
			}
			starts, ends, clean := recordStarts(t, full)
			if len(starts) != len(want) {
				t.Fatalf("walker found %d records, reader %d", len(starts), len(want))
			}
			step := 1
			if len(full) > 4000 {
				step = 7 // still hits every kind of cut, in less time
			}
			for cut := 0; cut < len(full); cut += step {
				got, err := readBytes(name, full[:cut])
				// complete records before the cut
				complete := 0
				for _, end := range ends {
					if end <= int64(cut) {
						complete++
					}
				}
				if cut == 0 {
					if !errors.Is(err, ErrEmpty) {
						t.Fatalf("cut 0: err %v, want ErrEmpty", err)
					}
					continue
				}
				var ce *CaptureError
				if clean[int64(cut)] {
					if err != nil {
						t.Fatalf("cut %d (clean): %v", cut, err)
					}
				} else {
					if !errors.As(err, &ce) || !errors.Is(err, ErrTruncated) {
						t.Fatalf("cut %d: err %v, want *CaptureError wrapping ErrTruncated", cut, err)
					}
					if ce.File != name {
						t.Fatalf("cut %d: file %q", cut, ce.File)
					}
					if ce.Packet != int64(len(got))+1 {
						t.Fatalf("cut %d: error packet %d after %d frames", cut, ce.Packet, len(got))
					}
					if ce.Offset > int64(cut) || ce.Offset < 0 {
						t.Fatalf("cut %d: error offset %d", cut, ce.Offset)
					}
					if len(got) < len(starts) && ce.Offset > starts[len(got)] {
						t.Fatalf("cut %d: offset %d past the cut record at %d", cut, ce.Offset, starts[len(got)])
					}
				}
				if len(got) != complete {
					t.Fatalf("cut %d: %d frames, %d complete records", cut, len(got), complete)
				}
				for i := range got {
					if !bytes.Equal(got[i].data, want[i].data) || !got[i].ci.Timestamp.Equal(want[i].ci.Timestamp) {
						t.Fatalf("cut %d: frame %d differs", cut, i)
					}
				}
			}
		})
	}
}

func TestBadFiles(t *testing.T) {
	real := mustRead(t, "arkime-head-500.pcap")
	ng := mustRead(t, "ndpi-starting-with-reply.pcapng")
	pcapHdr := func(caplen uint32) []byte {
		b := bytes.Clone(real[:24])
		rec := make([]byte, 16)
		binary.LittleEndian.PutUint32(rec[8:], caplen)
		binary.LittleEndian.PutUint32(rec[12:], caplen)
		return append(b, rec...)
	}
	corruptBlockLen := bytes.Clone(ng)
	// first block after SHB: make its length not a multiple of 4
	shbLen := binary.LittleEndian.Uint32(ng[4:])
	binary.LittleEndian.PutUint32(corruptBlockLen[shbLen+4:], 13)
	badTrailer := bytes.Clone(ng)
	binary.LittleEndian.PutUint32(badTrailer[shbLen-4:], shbLen+4)
	badBOM := bytes.Clone(ng)
	copy(badBOM[8:], "XXXX")

	for _, tc := range []struct {
		name  string
		data  []byte
		want  error
		nread int
	}{
		{"empty", nil, ErrEmpty, 0},
		{"one_byte", []byte{0xd4}, ErrTruncated, 0},
		{"garbage", []byte("this is not a capture file at all, just text\n"), ErrBadMagic, 0},
		{"pcap_header_only_cut", real[:20], ErrTruncated, 0},
		{"huge_caplen", pcapHdr(0xffffff00), ErrTooLarge, 0},
		{"caplen_past_end", pcapHdr(5000), ErrTruncated, 0},
		{"pcapng_block_len_not_multiple_of_4", corruptBlockLen, ErrCorrupt, 0},
		{"pcapng_shb_trailer_mismatch", badTrailer, ErrCorrupt, 0},
		{"pcapng_bad_byte_order_magic", badBOM, ErrCorrupt, 0},
		{"gzip_of_garbage", gz(t, []byte("hello, not a pcap")), ErrBadMagic, 0},
		{"gzip_empty", gz(t, nil), ErrEmpty, 0},
		{"gzip_truncated", gz(t, real)[:300], ErrTruncated, -1},
		{"zstd_of_garbage", zst(t, []byte("hello, not a pcap")), ErrBadMagic, 0},
		{"zstd_empty", zst(t, nil), ErrEmpty, 0},
		{"zstd_truncated", zst(t, real)[:300], ErrTruncated, -1},
		{"zstd_window_too_large", zstdHugeWindow(), zstd.ErrWindowSizeExceeded, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readBytes(tc.name, tc.data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var ce *CaptureError
			if !errors.As(err, &ce) || ce.File != tc.name {
				t.Fatalf("err %v is not a *CaptureError naming the file", err)
			}
			if tc.nread >= 0 && len(got) != tc.nread {
				t.Fatalf("%d frames before the error, want %d", len(got), tc.nread)
			}
			if !strings.Contains(err.Error(), tc.name) {
				t.Fatalf("message %q does not name the file", err)
			}
		})
	}
}

func TestCorruptCompressed(t *testing.T) {
	real := mustRead(t, "suricata-linux-sll.pcap")
	want, _ := readBytes("x", real)
	for name, z := range map[string][]byte{"corrupt.pcap.gz": gz(t, real), "corrupt.pcap.zst": zst(t, real)} {
		for _, at := range []int{len(z) / 3, len(z) / 2, len(z) - 6} {
			b := bytes.Clone(z)
			b[at] ^= 0xff
			got, err := readBytes(name, b)
			var ce *CaptureError
			if !errors.As(err, &ce) {
				t.Fatalf("%s, flip at %d: err %v, want *CaptureError", name, at, err)
			}
			if len(got) > len(want) {
				t.Fatalf("%s, flip at %d: %d frames > %d", name, at, len(got), len(want))
			}
		}
	}
}

func zst(t testing.TB, b []byte) []byte {
	w, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	return w.EncodeAll(b, nil)
}

// zstdHugeWindow is a zstd frame header that asks for a 2 GiB window, more
// than MaxZstdWindow: the reader must refuse it, not allocate it.
func zstdHugeWindow() []byte {
	// magic, frame header descriptor 0 (no single segment, no checksum),
	// window descriptor exponent 21 (2^(10+21) = 2 GiB), then a last raw
	// block of 4 bytes.
	return []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 21 << 3, 0x21, 0x00, 0x00, 0xd4, 0xc3, 0xb2, 0xa1}
}

func gz(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func writeTemp(t *testing.T, name string, b []byte) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGzipAndMultiFileOrder(t *testing.T) {
	var paths []string
	var want []frame
	for _, name := range []string{"suricata-linux-sll2.pcap", "zeek-dvwa-chunked-ns.pcapng", "suricata-gap-http10-null.pcap", "arkime-head-500.pcap"} {
		b := mustRead(t, name)
		fr, err := readBytes(name, b)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, fr...)
		// misleading names: detection is by magic
		z := gz(t, b)
		if len(paths)%2 == 1 {
			z = zst(t, b)
		}
		paths = append(paths, writeTemp(t, name+".data", z))
	}
	src, err := OpenFiles(paths...)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	got, err := readSource(src)
	if err != nil {
		t.Fatal(err)
	}
	assertFrames(t, got, want)
	links := map[layers.LinkType]bool{}
	for _, f := range got {
		links[f.link] = true
	}
	if len(links) != 3 {
		t.Fatalf("link types %v, want SLL2, Ethernet, Null", links)
	}
}

func assertFrames(t *testing.T, got, want []frame) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d frames, want %d", len(got), len(want))
	}
	for i := range got {
		if !bytes.Equal(got[i].data, want[i].data) || got[i].link != want[i].link ||
			!got[i].ci.Timestamp.Equal(want[i].ci.Timestamp) || got[i].ci.Length != want[i].ci.Length ||
			got[i].ci.CaptureLength != want[i].ci.CaptureLength {
			t.Fatalf("frame %d: got %v %v len %d/%d, want %v %v len %d/%d", i, got[i].link, got[i].ci.Timestamp,
				got[i].ci.CaptureLength, got[i].ci.Length, want[i].link, want[i].ci.Timestamp, want[i].ci.CaptureLength, want[i].ci.Length)
		}
	}
}

// TestMultiFileErrorThenContinue: a truncated file in the middle gives a
// *CaptureError after its good frames, then reading goes on with the next.
func TestMultiFileErrorThenContinue(t *testing.T) {
	a := mustRead(t, "arkime-head-500.pcap")
	b := mustRead(t, "suricata-linux-sll2.pcap")
	pa := writeTemp(t, "a.pcap", a)
	pb := writeTemp(t, "cut.pcap", b[:len(b)-10])
	pc := writeTemp(t, "c.pcap", a)
	src, err := OpenFiles(pa, pb, pc)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	got1, err := readSource(src)
	var ce *CaptureError
	if !errors.As(err, &ce) || !errors.Is(err, ErrTruncated) || ce.File != pb {
		t.Fatalf("err %v, want truncation of %s", err, pb)
	}
	if len(got1) != 10+4 || ce.Packet != 5 {
		t.Fatalf("%d frames, error at packet %d; want 14 and 5", len(got1), ce.Packet)
	}
	got2, err := readSource(src)
	if err != nil || len(got2) != 10 {
		t.Fatalf("after the error: %d frames, %v", len(got2), err)
	}
	if _, _, _, err := src.ReadPacket(); err != io.EOF {
		t.Fatalf("at end: %v", err)
	}
}

func TestOpenFilesErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := writeTemp(t, "garbage.pcap", []byte("GET / HTTP/1.1\r\n\r\n"))
	good := filepath.Join("testdata", "arkime-head-500.pcap")
	for _, tc := range []struct {
		name  string
		files []string
		is    error
	}{
		{"none", nil, nil},
		{"missing", []string{good, filepath.Join(dir, "nope.pcap")}, os.ErrNotExist},
		{"directory", []string{dir}, nil},
		{"stdin_twice", []string{"-", "-"}, nil},
		{"first_is_garbage", []string{garbage, good}, ErrBadMagic},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := OpenFiles(tc.files...)
			if err == nil {
				src.Close()
				t.Fatal("no error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Fatalf("err %v, want %v", err, tc.is)
			}
		})
	}
	// A bad second file is reported when it is reached, after the first
	// file's frames.
	src, err := OpenFiles(good, garbage)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readSource(src)
	var ce *CaptureError
	if len(got) != 10 || !errors.As(err, &ce) || !errors.Is(err, ErrBadMagic) || ce.File != garbage || ce.Offset != 0 {
		t.Fatalf("%d frames, err %v", len(got), err)
	}
	src.Close()
	if _, _, _, err := src.ReadPacket(); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
}

func TestStdin(t *testing.T) {
	b := mustRead(t, "zeek-vlan-qinqinq.pcap")
	want, _ := readBytes("x", b)
	for _, tc := range []struct {
		name string
		in   []byte
	}{{"plain", b}, {"gzip", gz(t, b)}, {"zstd", zst(t, b)}} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := openFiles(1<<16, bytes.NewReader(tc.in), "-")
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			got, err := readSource(src)
			if err != nil {
				t.Fatal(err)
			}
			assertFrames(t, got, want)
		})
	}
	// a truncated stdin names "-"
	src, err := openFiles(1<<16, bytes.NewReader(b[:len(b)-1]), "-")
	if err != nil {
		t.Fatal(err)
	}
	_, err = readSource(src)
	var ce *CaptureError
	if !errors.As(err, &ce) || ce.File != "-" {
		t.Fatalf("err %v", err)
	}
}

// rewritePcap converts a little-endian µs pcap to the given byte order and
// timestamp resolution.
func rewritePcap(t *testing.T, in []byte, big, nano bool) []byte {
	t.Helper()
	le := binary.LittleEndian
	if le.Uint32(in) != 0xa1b2c3d4 {
		t.Fatal("want a little-endian µs pcap")
	}
	var o binary.AppendByteOrder = binary.LittleEndian
	if big {
		o = binary.BigEndian
	}
	out := make([]byte, 0, len(in))
	magic := uint32(0xa1b2c3d4)
	if nano {
		magic = 0xa1b23c4d
	}
	out = o.AppendUint32(out, magic)
	out = o.AppendUint16(out, le.Uint16(in[4:]))
	out = o.AppendUint16(out, le.Uint16(in[6:]))
	for i := 8; i < 24; i += 4 {
		out = o.AppendUint32(out, le.Uint32(in[i:]))
	}
	for off := 24; off < len(in); {
		caplen := le.Uint32(in[off+8:])
		frac := le.Uint32(in[off+4:])
		if nano {
			frac *= 1000
		}
		out = o.AppendUint32(out, le.Uint32(in[off:]))
		out = o.AppendUint32(out, frac)
		out = o.AppendUint32(out, caplen)
		out = o.AppendUint32(out, le.Uint32(in[off+12:]))
		out = append(out, in[off+16:off+16+int(caplen)]...)
		off += 16 + int(caplen)
	}
	return out
}

func TestPcapByteOrderAndResolution(t *testing.T) {
	b := mustRead(t, "suricata-vlan-gzip-port8000.pcap")
	want, err := readBytes("x", b)
	if err != nil {
		t.Fatal(err)
	}
	// check the first timestamp against the raw record
	sec := binary.LittleEndian.Uint32(b[24:])
	usec := binary.LittleEndian.Uint32(b[28:])
	if ts := time.Unix(int64(sec), int64(usec)*1000); !want[0].ci.Timestamp.Equal(ts) {
		t.Fatalf("first timestamp %v, want %v", want[0].ci.Timestamp, ts)
	}
	for _, tc := range []struct {
		name      string
		big, nano bool
	}{{"le_us", false, false}, {"be_us", true, false}, {"le_ns", false, true}, {"be_ns", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readBytes(tc.name, rewritePcap(t, b, tc.big, tc.nano))
			if err != nil {
				t.Fatal(err)
			}
			assertFrames(t, got, want)
		})
	}
	// nanosecond digits survive in an ns file
	ns := rewritePcap(t, b, false, true)
	binary.LittleEndian.PutUint32(ns[28:], 123456789)
	got, _ := readBytes("ns", ns)
	if got[0].ci.Timestamp.Nanosecond() != 123456789 {
		t.Fatalf("ns timestamp %v", got[0].ci.Timestamp)
	}
}

// TestPcapNGSectionsAndInterfaces builds a pcapng with two sections: the
// first (little-endian, written by gopacket's NgWriter) has an Ethernet and a
// Linux SLL interface with packets interleaved; the second (big-endian,
// built by hand) has a raw-IPv4 interface with a 2^-20 s resolution and a
// time offset.
func TestPcapNGSectionsAndInterfaces(t *testing.T) {
	eth, _ := readBytes("eth", mustRead(t, "arkime-head-500.pcap"))
	sll, _ := readBytes("sll", mustRead(t, "suricata-linux-sll2.pcap"))
	var buf bytes.Buffer
	w, err := pcapgo.NewNgWriterInterface(&buf, pcapgo.NgInterface{Name: "eth0", LinkType: layers.LinkTypeEthernet, SnapLength: 65535, TimestampResolution: 9}, pcapgo.NgWriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sllID, err := w.AddInterface(pcapgo.NgInterface{Name: "any", LinkType: layers.LinkTypeLinuxSLL2, SnapLength: 65535, TimestampResolution: 6})
	if err != nil {
		t.Fatal(err)
	}
	var want []frame
	for i := range max(len(eth), len(sll)) {
		if i < len(eth) {
			f := eth[i]
			f.ci.InterfaceIndex = 0
			if err := w.WritePacket(f.ci, f.data); err != nil {
				t.Fatal(err)
			}
			want = append(want, f)
		}
		if i < len(sll) {
			f := sll[i]
			f.ci.InterfaceIndex = sllID
			if err := w.WritePacket(f.ci, f.data); err != nil {
				t.Fatal(err)
			}
			want = append(want, f)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	// Second section, big-endian, by hand.
	ip := eth[0].data[14:] // raw IPv4 packet
	be := binary.BigEndian
	var s2 []byte
	s2 = be.AppendUint32(s2, ngSHB)
	s2 = be.AppendUint32(s2, 28)
	s2 = be.AppendUint32(s2, 0x1a2b3c4d)
	s2 = be.AppendUint16(s2, 1)
	s2 = be.AppendUint16(s2, 0)
	s2 = be.AppendUint64(s2, ^uint64(0))
	s2 = be.AppendUint32(s2, 28)
	// IDB: link 228 (IPv4), snaplen 0, if_tsresol 2^-20, if_tsoffset 1000 s
	idb := be.AppendUint16(nil, uint16(layers.LinkTypeIPv4))
	idb = be.AppendUint16(idb, 0)
	idb = be.AppendUint32(idb, 0)
	idb = be.AppendUint16(idb, 9)
	idb = be.AppendUint16(idb, 1)
	idb = append(idb, 0x80|20, 0, 0, 0)
	idb = be.AppendUint16(idb, 14)
	idb = be.AppendUint16(idb, 8)
	idb = be.AppendUint64(idb, 1000)
	idb = be.AppendUint32(idb, 0) // opt_endofopt
	s2 = appendBlock(s2, be, 1, idb)
	// a name-resolution block to skip
	s2 = appendBlock(s2, be, 4, make([]byte, 4))
	units := uint64(1_700_000_000)<<20 | 1<<19 // +0.5 s
	epb := be.AppendUint32(nil, 0)
	epb = be.AppendUint32(epb, uint32(units>>32))
	epb = be.AppendUint32(epb, uint32(units))
	epb = be.AppendUint32(epb, uint32(len(ip)))
	epb = be.AppendUint32(epb, uint32(len(ip)))
	epb = append(epb, ip...)
	for len(epb)%4 != 0 {
		epb = append(epb, 0)
	}
	s2 = appendBlock(s2, be, ngEPB, epb)
	want = append(want, frame{data: ip, link: layers.LinkTypeIPv4, ci: gopacket.CaptureInfo{
		Timestamp: time.Unix(1_700_000_000+1000, 500_000_000), CaptureLength: len(ip), Length: len(ip)}})

	file := append(buf.Bytes(), s2...)
	got, err := readBytes("multi.pcapng", file)
	if err != nil {
		t.Fatal(err)
	}
	assertFrames(t, got, want)
	for i := range got {
		if got[i].ci.InterfaceIndex != want[i].ci.InterfaceIndex {
			t.Fatalf("frame %d: interface %d, want %d", i, got[i].ci.InterfaceIndex, want[i].ci.InterfaceIndex)
		}
	}
	// Every frame decodes to TCP whatever its interface's link type.
	d := NewDecoder(DecoderOptions{})
	var seg Segment
	for i, f := range got {
		if !d.Decode(f.data, f.ci, f.link, &seg) {
			t.Fatalf("frame %d (%v) did not decode to TCP", i, f.link)
		}
	}
}

func appendBlock(b []byte, o binary.AppendByteOrder, typ uint32, body []byte) []byte {
	l := uint32(12 + len(body))
	b = o.AppendUint32(b, typ)
	b = o.AppendUint32(b, l)
	b = append(b, body...)
	return o.AppendUint32(b, l)
}

func TestPosition(t *testing.T) {
	p := filepath.Join("testdata", "arkime-head-500.pcap")
	src, err := OpenFiles(p)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	f := src.(*Files)
	if pos := f.Position(); pos.File != p || pos.Packet != 0 || pos.Offset != 24 {
		t.Fatalf("start: %+v", pos)
	}
	data, _, _, err := src.ReadPacket()
	if err != nil {
		t.Fatal(err)
	}
	if pos := f.Position(); pos.Packet != 1 || pos.Offset != 24+16+int64(len(data)) {
		t.Fatalf("after 1: %+v", pos)
	}
}

// TestModifiedPcap reads Kuznetzov's modified pcap (magic a1b2cd34, 24-byte
// record headers), both byte orders.
func TestModifiedPcap(t *testing.T) {
	b := mustRead(t, "arkime-head-500.pcap")
	want, _ := readBytes("x", b)
	for _, big := range []bool{false, true} {
		in := rewritePcap(t, b, big, false)
		var o binary.AppendByteOrder = binary.LittleEndian
		if big {
			o = binary.BigEndian
		}
		out := o.AppendUint32(nil, 0xa1b2cd34)
		out = append(out, in[4:24]...)
		for off := 24; off < len(in); {
			caplen := int(o.(binary.ByteOrder).Uint32(in[off+8:]))
			out = append(out, in[off:off+16]...)
			out = append(out, 0, 0, 0, 2, 0, 8, 0, 0) // ifindex, protocol, pkt_type, pad
			out = append(out, in[off+16:off+16+caplen]...)
			off += 16 + caplen
		}
		got, err := readBytes("modified.pcap", out)
		if err != nil {
			t.Fatal(err)
		}
		assertFrames(t, got, want)
	}
}

// TestPcapNGLargeSkippedBlock: a block larger than the read buffer that the
// reader skips anyway (here a 3 MiB custom block) is streamed past; cut or
// corrupt, it is a clear error.
func TestPcapNGLargeSkippedBlock(t *testing.T) {
	ng := mustRead(t, "ndpi-starting-with-reply.pcapng")
	want, _ := readBytes("x", ng)
	le := binary.LittleEndian
	shb := int(le.Uint32(ng[4:]))
	idb := int(le.Uint32(ng[shb+4:]))
	at := shb + idb
	custom := appendBlock(nil, le, 0x00000BAD, make([]byte, 3<<20))
	file := slices.Concat(ng[:at], custom, ng[at:])
	got, err := readBytes("big-block.pcapng", file)
	if err != nil {
		t.Fatal(err)
	}
	assertFrames(t, got, want)

	_, err = readBytes("cut.pcapng", file[:at+len(custom)/2])
	var ce *CaptureError
	if !errors.Is(err, ErrTruncated) || !errors.As(err, &ce) || ce.Offset != int64(at) {
		t.Fatalf("cut inside the block: %v", err)
	}
	bad := bytes.Clone(file)
	le.PutUint32(bad[at+len(custom)-4:], 12)
	if _, err = readBytes("bad.pcapng", bad); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("bad trailer: %v", err)
	}
	// A packet block that large is refused, not buffered.
	huge := appendBlock(nil, le, ngEPB, make([]byte, 2<<20))
	if _, err = readBytes("huge.pcapng", slices.Concat(ng[:at], huge)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("huge packet block: %v", err)
	}
}
