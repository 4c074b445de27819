package fleet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
)

// Delta wire format, version 1. A message is
//
//	"STD" version(1 byte) zstd(body)
//
// and the body is a sequence of uvarints, varints and length-prefixed
// strings (uvarint length, bytes):
//
//	sensor id, incarnation (uvarint), seq (uvarint), time (varint, unix ns),
//	counter count, then per counter: name, value (uvarint),
//	host count, then per host: host name, blob (MarshalHost output).
//
// A blob is the sensor's whole state for that host, so a delta carries
// state, not increments: applying it twice, or an older one after a newer
// one, is detected by (incarnation, seq) and changes nothing. Blobs hold
// only what the inventory stores (kinds, shapes, counts, salted
// fingerprints): never a credential or payload value.
const (
	wireMagic   = "STD"
	wireVersion = 1
	// maxWireBody bounds the decompressed body a collector accepts.
	maxWireBody = 256 << 20
)

// Delta is one published inventory delta of one sensor.
type Delta struct {
	Sensor string
	// Incarnation identifies the sensor database the deltas come from (the
	// time its publish state was created, unix ns): a sensor restarted on
	// a fresh database starts a new, later incarnation and its seq anew.
	Incarnation uint64
	// Seq increases by one per message of an incarnation.
	Seq  uint64
	Time time.Time
	// Counters are the sensor's cumulative counters (packets, bytes,
	// exchanges, kernel_drops, ...).
	Counters map[string]uint64
	// Hosts maps host (or inventory.TLSKey) to its blob.
	Hosts map[string][]byte
}

// newer reports whether (inc, seq) comes after (inc0, seq0).
func newer(inc, seq, inc0, seq0 uint64) bool {
	if inc != inc0 {
		return inc > inc0
	}
	return seq > seq0
}

// MsgID is the JetStream de-duplication id of the delta (Nats-Msg-Id):
// the same message sent again within the stream's duplicate window is
// stored once.
func (d *Delta) MsgID() string {
	return d.Sensor + ":" + strconv.FormatUint(d.Incarnation, 36) + ":" + strconv.FormatUint(d.Seq, 10)
}

var (
	encOnce sync.Once
	enc     *zstd.Encoder
	dec     *zstd.Decoder
)

func codecs() {
	encOnce.Do(func() {
		var err error
		if enc, err = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1)); err != nil {
			panic(err)
		}
		if dec, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxWireBody)); err != nil {
			panic(err)
		}
	})
}

// Encode returns the wire form of d.
func (d *Delta) Encode() []byte {
	codecs()
	var b []byte
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	str(d.Sensor)
	b = binary.AppendUvarint(b, d.Incarnation)
	b = binary.AppendUvarint(b, d.Seq)
	b = binary.AppendVarint(b, d.Time.UnixNano())
	names := make([]string, 0, len(d.Counters))
	for k := range d.Counters {
		names = append(names, k)
	}
	sort.Strings(names)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, k := range names {
		str(k)
		b = binary.AppendUvarint(b, d.Counters[k])
	}
	hosts := make([]string, 0, len(d.Hosts))
	for h := range d.Hosts {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	b = binary.AppendUvarint(b, uint64(len(hosts)))
	for _, h := range hosts {
		str(h)
		str(string(d.Hosts[h]))
	}
	out := append([]byte(wireMagic), wireVersion)
	return enc.EncodeAll(b, out)
}

// ErrBadDelta wraps every decoding failure.
var ErrBadDelta = errors.New("fleet: bad delta")

// DecodeDelta parses a message made by Encode.
func DecodeDelta(msg []byte) (*Delta, error) {
	codecs()
	if len(msg) < len(wireMagic)+1 || string(msg[:len(wireMagic)]) != wireMagic {
		return nil, fmt.Errorf("%w: bad magic", ErrBadDelta)
	}
	if v := msg[len(wireMagic)]; v != wireVersion {
		return nil, fmt.Errorf("%w: unsupported version %d (this build reads %d)", ErrBadDelta, v, wireVersion)
	}
	b, err := dec.DecodeAll(msg[len(wireMagic)+1:], nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadDelta, err)
	}
	r := reader{b: b}
	d := &Delta{Sensor: r.str(), Incarnation: r.u(), Seq: r.u()}
	d.Time = time.Unix(0, r.i()).UTC()
	n := r.count()
	d.Counters = make(map[string]uint64, n)
	for i := 0; i < n && r.err == nil; i++ {
		k := r.str()
		d.Counters[k] = r.u()
	}
	n = r.count()
	d.Hosts = make(map[string][]byte, n)
	for i := 0; i < n && r.err == nil; i++ {
		h := r.str()
		d.Hosts[h] = []byte(r.str())
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errors.New("trailing bytes")
	}
	if r.err == nil && !validSensorID(d.Sensor) {
		r.err = fmt.Errorf("invalid sensor id %.80q", d.Sensor)
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadDelta, r.err)
	}
	return d, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) u() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("short uvarint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) i() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errors.New("short varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count that must fit in what is left (each item is at
// least one byte).
func (r *reader) count() int {
	n := r.u()
	if n > uint64(len(r.b)) {
		r.err = errors.New("count exceeds message")
		return 0
	}
	return int(n)
}

func (r *reader) str() string {
	n := r.u()
	if r.err != nil {
		return ""
	}
	if n > uint64(len(r.b)) {
		r.err = errors.New("string exceeds message")
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

var sensorIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// validSensorID: a sensor id is one NATS subject token (letters, digits,
// '-' and '_', at most 64).
func validSensorID(s string) bool { return sensorIDRe.MatchString(s) }
