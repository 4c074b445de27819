package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
)

// The bbolt v1.5.0 on-disk format, read from go.etcd.io/bbolt/internal/common
// (page.go, meta.go, types.go, bucket.go). Integers are in the host's byte
// order (bbolt files are not portable across endianness).
const (
	boltMagic   = 0xED0CDAED
	boltVersion = 2

	pageHeaderSize = 16 // id u64, flags u16, count u16, overflow u32
	elemSize       = 16 // branch: pos u32, ksize u32, pgid u64; leaf: flags u32, pos u32, ksize u32, vsize u32
	metaSize       = 64 // magic, version, pageSize, flags u32; root, seq, freelist, pgid, txid, checksum u64
	metaSumLen     = 56 // checksum covers the meta up to the checksum field
	bucketHdrSize  = 16 // root pgid u64, sequence u64

	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagMeta     = 0x04
	flagFreelist = 0x10
	leafBucket   = 0x01

	pgidNoFreelist = ^uint64(0)

	minPageSize = 1 << 10 // bbolt probes 1 KiB .. 16 MiB
	maxPageSize = 1 << 24
	// maxDepth bounds the recursion of the page walk (tree height plus
	// nesting of buckets); real files stay far below it.
	maxDepth = 64
)

var ne = binary.NativeEndian

// boltMeta is a decoded meta page.
type boltMeta struct {
	magic, version, pageSize, flags uint32
	root, seq, freelist, pgid, txid uint64
	checksum                        uint64
}

func decodeMeta(b []byte) (m boltMeta, ok bool) {
	if len(b) < pageHeaderSize+metaSize {
		return m, false
	}
	p := b[pageHeaderSize:]
	m = boltMeta{
		magic: ne.Uint32(p[0:]), version: ne.Uint32(p[4:]), pageSize: ne.Uint32(p[8:]), flags: ne.Uint32(p[12:]),
		root: ne.Uint64(p[16:]), seq: ne.Uint64(p[24:]), freelist: ne.Uint64(p[32:]), pgid: ne.Uint64(p[40:]),
		txid: ne.Uint64(p[48:]), checksum: ne.Uint64(p[56:]),
	}
	return m, true
}

// boltValid is exactly bbolt's Meta.Validate: magic, version, checksum.
// bbolt picks its meta page with this test alone, so we must too.
func (m boltMeta) boltValid(raw []byte) string {
	if m.magic != boltMagic {
		return "bad magic (not a bbolt database)"
	}
	if m.version != boltVersion {
		return fmt.Sprintf("unsupported bbolt format version %d", m.version)
	}
	if fnvSum(raw[pageHeaderSize:pageHeaderSize+metaSumLen]) != m.checksum {
		return "meta checksum mismatch"
	}
	return ""
}

// sane adds the checks bbolt leaves out, for the meta bbolt will use: the
// page size it determined, pointers below the high-water mark, and a file
// long enough to hold every page below it.
func (m boltMeta) sane(pageSize int, fileSize int64) string {
	if int(m.pageSize) != pageSize {
		return fmt.Sprintf("page size %d differs from %d", m.pageSize, pageSize)
	}
	if m.pgid < 3 || m.root < 2 || m.root >= m.pgid {
		return fmt.Sprintf("root page %d outside [2, %d)", m.root, m.pgid)
	}
	if m.freelist != pgidNoFreelist && (m.freelist < 2 || m.freelist >= m.pgid) {
		return fmt.Sprintf("freelist page %d outside [2, %d)", m.freelist, m.pgid)
	}
	if m.pgid > uint64(fileSize)/uint64(pageSize) {
		return fmt.Sprintf("truncated: high-water mark %d pages of %d bytes, file has %d bytes", m.pgid, pageSize, fileSize)
	}
	return ""
}

// verifyFile checks a bbolt file with plain reads, never trusting an offset
// before it is bounds-checked. size is the file size (0: a new file, nothing
// to check). It picks the page size and the meta page the way bbolt v1.5.0
// does (DB.getPageSize, DB.mmap, DB.meta), refuses what bbolt would accept
// but cannot safely use, and, with walk, walks every page reachable from
// that meta. It returns a *CorruptError.
func verifyFile(r io.ReaderAt, size int64, path string, walk bool) error {
	if size == 0 {
		return nil
	}
	bad := func(format string, args ...any) error {
		return &CorruptError{Path: path, Detail: fmt.Sprintf(format, args...)}
	}
	buf := make([]byte, 4096)
	// read returns the 4 KiB at off, or fewer at the end of the file.
	read := func(off int64) []byte {
		n, err := r.ReadAt(buf, off)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil
		}
		return buf[:n]
	}
	// DB.getPageSize: meta 0 from a full 4 KiB read at 0, else a meta 1 at
	// 1 KiB << i, else the OS page size.
	pageSize, found := 0, false
	why0 := "file too short"
	if b := read(0); len(b) == len(buf) {
		m, _ := decodeMeta(b)
		if why0 = m.boltValid(b); why0 == "" {
			// bbolt takes this field as it is, even 0 (found by
			// FuzzOpenResummed): it is checked for sanity below.
			pageSize, found = int(m.pageSize), true
		}
	}
	if !found {
		for i := 0; i <= 14; i++ {
			pos := int64(1024) << i
			if pos >= size-1024 {
				break
			}
			b := read(pos)
			if m, ok := decodeMeta(b); ok && m.boltValid(b) == "" {
				pageSize, found = int(m.pageSize), true
				break
			}
		}
	}
	if !found {
		if size < 2*4096 {
			return bad("file too short (%d bytes) to be a bbolt database", size)
		}
		return bad("no valid meta page (meta page 0: %s)", why0)
	}
	if pageSize < minPageSize || pageSize > maxPageSize || pageSize&(pageSize-1) != 0 {
		return bad("insane page size %d", pageSize)
	}
	if size < 2*int64(pageSize) {
		return bad("truncated: %d bytes cannot hold two meta pages of %d bytes", size, pageSize)
	}
	// DB.mmap validates both metas at their offsets; DB.meta uses the valid
	// one with the higher txid.
	var metas [2]boltMeta
	var whys [2]string
	for i := range metas {
		b := read(int64(i * pageSize))
		m, ok := decodeMeta(b)
		if !ok {
			whys[i] = "unreadable"
			continue
		}
		metas[i], whys[i] = m, m.boltValid(b)
	}
	var use int
	switch {
	case whys[0] == "" && whys[1] == "":
		if metas[1].txid > metas[0].txid {
			use = 1
		}
	case whys[0] == "":
		use = 0
	case whys[1] == "":
		use = 1
	default:
		return bad("no valid meta page (meta page 0: %s; meta page 1: %s)", whys[0], whys[1])
	}
	// bbolt ignores meta page headers except in tx.Check; a meta whose
	// payload is valid but whose header is not is damage we refuse, as
	// skipping it would pick a different meta than bbolt (found by FuzzOpen).
	for i := range metas {
		if whys[i] != "" {
			continue
		}
		b := read(int64(i * pageSize))
		if id, flags := ne.Uint64(b), ne.Uint16(b[8:]); id != uint64(i) || flags != flagMeta {
			return bad("meta page %d: header says page %d, type 0x%02x", i, id, flags)
		}
	}
	m := metas[use]
	if why := m.sane(pageSize, size); why != "" {
		return bad("meta page %d: %s", use, why)
	}
	if !walk {
		return nil
	}
	w := &walker{r: r, pageSize: pageSize, hwm: m.pgid, seen: make([]uint64, m.pgid/64+1)}
	w.mark(0, 0)
	w.mark(1, 0)
	if m.freelist != pgidNoFreelist {
		if err := w.freelist(m.freelist); err != nil {
			return bad("%v", err)
		}
	}
	if err := w.tree(m.root, 0); err != nil {
		return bad("%v", err)
	}
	if err := w.checkFree(); err != nil {
		return bad("%v", err)
	}
	return nil
}

// walker walks a bbolt B+tree with bounds-checked reads.
type walker struct {
	r        io.ReaderAt
	pageSize int
	hwm      uint64   // high-water mark: page ids are below it
	seen     []uint64 // bitset of pages already reached
	free     []uint64 // ids listed on the freelist page, if any
}

// mark records pages id..id+overflow as reached and reports a page reached
// twice (a cycle, or two parents).
func (w *walker) mark(id uint64, overflow uint32) bool {
	for i := uint64(0); i <= uint64(overflow); i++ {
		p := id + i
		if w.seen[p/64]&(1<<(p%64)) != 0 {
			return false
		}
		w.seen[p/64] |= 1 << (p % 64)
	}
	return true
}

// page reads page id with its overflow pages after checking its header.
func (w *walker) page(id uint64, want uint16) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, fmt.Errorf("page %d outside [2, %d)", id, w.hwm)
	}
	var hdr [pageHeaderSize]byte
	if _, err := w.r.ReadAt(hdr[:], int64(id)*int64(w.pageSize)); err != nil {
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	if got := ne.Uint64(hdr[0:]); got != id {
		return nil, fmt.Errorf("page %d: header says page %d (zeroed or overwritten page)", id, got)
	}
	flags := ne.Uint16(hdr[8:])
	if flags&want == 0 || flags&(flags-1) != 0 {
		return nil, fmt.Errorf("page %d: unexpected page type 0x%02x", id, flags)
	}
	overflow := ne.Uint32(hdr[12:])
	if id+uint64(overflow) >= w.hwm {
		return nil, fmt.Errorf("page %d: %d overflow pages run past the high-water mark %d", id, overflow, w.hwm)
	}
	if !w.mark(id, overflow) {
		return nil, fmt.Errorf("page %d: reached twice", id)
	}
	b := make([]byte, (int(overflow)+1)*w.pageSize)
	if _, err := w.r.ReadAt(b, int64(id)*int64(w.pageSize)); err != nil {
		return nil, fmt.Errorf("page %d: %v", id, err)
	}
	return b, nil
}

func (w *walker) freelist(id uint64) error {
	b, err := w.page(id, flagFreelist)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	count := uint64(ne.Uint16(b[10:]))
	start := uint64(pageHeaderSize)
	if count == 0xFFFF {
		count = ne.Uint64(b[pageHeaderSize:])
		start += 8
	}
	if count > uint64(len(b)) || start+count*8 > uint64(len(b)) {
		return fmt.Errorf("freelist page %d: %d ids do not fit in %d bytes", id, count, len(b))
	}
	var prev uint64
	for i := uint64(0); i < count; i++ {
		p := ne.Uint64(b[start+i*8:])
		if p < 2 || p >= w.hwm {
			return fmt.Errorf("freelist page %d: free page id %d outside [2, %d)", id, p, w.hwm)
		}
		if i > 0 && p <= prev {
			return fmt.Errorf("freelist page %d: free page ids not sorted or repeated at %d", id, p)
		}
		prev = p
		w.free = append(w.free, p)
	}
	return nil
}

// checkFree reports a page both free and reachable (call after the walk).
func (w *walker) checkFree() error {
	for _, p := range w.free {
		if w.seen[p/64]&(1<<(p%64)) != 0 {
			return fmt.Errorf("page %d is in use and on the freelist", p)
		}
	}
	return nil
}

// tree walks the B+tree rooted at page id.
func (w *walker) tree(id uint64, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("page %d: tree deeper than %d levels", id, maxDepth)
	}
	b, err := w.page(id, flagBranch|flagLeaf)
	if err != nil {
		return err
	}
	if ne.Uint16(b[8:]) == flagLeaf {
		return w.leaf(id, b, depth)
	}
	count := int(ne.Uint16(b[10:]))
	if count == 0 {
		return fmt.Errorf("branch page %d: no elements", id)
	}
	if pageHeaderSize+count*elemSize > len(b) {
		return fmt.Errorf("branch page %d: %d elements do not fit", id, count)
	}
	var prev []byte
	for i := 0; i < count; i++ {
		e := pageHeaderSize + i*elemSize
		pos, ksize := uint64(ne.Uint32(b[e:])), uint64(ne.Uint32(b[e+4:]))
		child := ne.Uint64(b[e+8:])
		ks := uint64(e) + pos
		if ks+ksize > uint64(len(b)) {
			return fmt.Errorf("branch page %d: element %d key out of bounds", id, i)
		}
		key := b[ks : ks+ksize]
		if len(key) == 0 {
			return fmt.Errorf("branch page %d: element %d has an empty key", id, i)
		}
		if i > 0 && bytes.Compare(prev, key) >= 0 {
			return fmt.Errorf("branch page %d: keys out of order at element %d", id, i)
		}
		prev = key
		if err := w.tree(child, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// leaf checks a leaf page (b holds it, header included) and walks the
// buckets it holds.
func (w *walker) leaf(id uint64, b []byte, depth int) error {
	count := int(ne.Uint16(b[10:]))
	if pageHeaderSize+count*elemSize > len(b) {
		return fmt.Errorf("leaf page %d: %d elements do not fit", id, count)
	}
	var prev []byte
	for i := 0; i < count; i++ {
		e := pageHeaderSize + i*elemSize
		flags := ne.Uint32(b[e:])
		pos, ksize, vsize := uint64(ne.Uint32(b[e+4:])), uint64(ne.Uint32(b[e+8:])), uint64(ne.Uint32(b[e+12:]))
		ks := uint64(e) + pos
		if ks+ksize+vsize > uint64(len(b)) {
			return fmt.Errorf("leaf page %d: element %d out of bounds", id, i)
		}
		key := b[ks : ks+ksize]
		if len(key) == 0 {
			// bbolt never writes one (ErrKeyRequired) and asserts on it
			// when it rewrites the page.
			return fmt.Errorf("leaf page %d: element %d has an empty key", id, i)
		}
		if i > 0 && bytes.Compare(prev, key) >= 0 {
			return fmt.Errorf("leaf page %d: keys out of order at element %d", id, i)
		}
		prev = key
		if flags&leafBucket == 0 {
			continue
		}
		v := b[ks+ksize : ks+ksize+vsize]
		if len(v) < bucketHdrSize {
			return fmt.Errorf("leaf page %d: bucket %q header too short", id, trim(key))
		}
		root := ne.Uint64(v)
		if root != 0 {
			if err := w.tree(root, depth+1); err != nil {
				return err
			}
			continue
		}
		// Inline bucket: a leaf page stored in the value after the header.
		in := v[bucketHdrSize:]
		if len(in) < pageHeaderSize || ne.Uint16(in[8:]) != flagLeaf {
			return fmt.Errorf("leaf page %d: inline bucket %q is not a leaf page", id, trim(key))
		}
		if depth+1 > maxDepth {
			return fmt.Errorf("leaf page %d: buckets nested deeper than %d", id, maxDepth)
		}
		if err := w.leaf(id, in, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// trim shortens a key for an error message.
func trim(k []byte) []byte {
	if len(k) > 40 {
		return k[:40]
	}
	return k
}

// fnvSum is the meta checksum: FNV-1a 64 of the meta up to its checksum.
func fnvSum(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}
