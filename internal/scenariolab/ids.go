package scenariolab

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand"
	"net/url"
	"strings"
)

// ID kinds understood by IDGen.Kind.
const (
	IDNumeric  = "numeric"  // 10482
	IDUUID     = "uuid"     // 3f2b...-...
	IDHex24    = "hex24"    // 65a1f0c2e4b0d9a1c3e5f7a9 (Mongo ObjectId)
	IDSlug     = "slug"     // blue-cotton-shirt
	IDDate     = "date"     // 2024-05-01
	IDStore    = "store"    // NYC01
	IDSku      = "sku"      // A7X-99
	IDUsername = "username" // jdoe, maria.silva
	IDULID     = "ulid"     // 01HV...
	IDTxn      = "txn"      // txn_1N8fK2LkdIwHu7ix
	IDEmail    = "email"    // jane.doe%40example.com on the wire
	IDFileName = "filename" // Q3%20report.pdf on the wire
	IDYear     = "year"     // 2023
	IDCurrency = "currency" // EUR
	IDVIN      = "vin"      // 1HGCM82633A004352
	IDMAC      = "mac"      // 00:1a:2b:3c:4d:5e
	IDSemver   = "semver"   // 1.4.2
	IDHashid   = "hashid"   // xK9fQ2 (short mixed-case base62)
	IDPlate    = "plate"    // B-KX-4821
	IDPatient  = "patient"  // P-004211
	IDLogin    = "login"    // octocat, jdoe42, acme-corp
	IDRepo     = "repo"     // api-gateway, infra, hello-world
	IDPair     = "pair"     // BTC-USDT
	IDRegion   = "region"   // us-east-1
	IDOrd      = "ord"      // ord_8f3k2j9d1x
)

var (
	adjectives = []string{"blue", "red", "classic", "slim", "organic", "vintage", "light", "heavy", "soft", "smart", "mini", "ultra", "urban", "wild", "quiet", "bold", "warm", "cool", "dark", "bright"}
	materials  = []string{"cotton", "wool", "leather", "linen", "denim", "steel", "bamboo", "canvas", "silk", "ceramic"}
	nouns      = []string{"shirt", "jacket", "mug", "backpack", "lamp", "sneakers", "scarf", "wallet", "bottle", "chair", "hoodie", "watch", "belt", "tote", "blanket"}
	firstNames = []string{"maria", "john", "li", "anna", "omar", "sofia", "lukas", "emma", "raj", "yuki", "pedro", "fatima", "noah", "chloe", "ivan", "zoe"}
	lastNames  = []string{"silva", "doe", "wang", "jansen", "haddad", "rossi", "becker", "martin", "patel", "tanaka", "costa", "khan", "smith", "dubois", "petrov", "lee"}
	cities     = []string{"NYC", "LAX", "SFO", "CHI", "BOS", "SEA", "MIA", "DEN", "ATL", "AUS"}
	currencies = []string{"EUR", "USD", "GBP", "CHF", "JPY", "SEK", "PLN", "CAD"}
	fileWords  = []string{"Q3 report", "invoice 2024", "contract signed", "scan", "photo id", "statement march", "tax form"}
)

const b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

func pick(r *rand.Rand, xs []string) string { return xs[r.Intn(len(xs))] }

// knownKind reports whether genID understands kind.
func knownKind(kind string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	genID(rand.New(rand.NewSource(1)), kind)
	return true
}

// genID returns one identifier of the kind (as it appears on the wire).
func genID(r *rand.Rand, kind string) string {
	switch kind {
	case IDNumeric:
		return fmt.Sprint(1000 + r.Intn(900000))
	case IDUUID:
		b := make([]byte, 16)
		r.Read(b)
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		h := hex.EncodeToString(b)
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	case IDHex24:
		b := make([]byte, 12)
		r.Read(b)
		b[0] = 0x65 // plausible 2023-2024 timestamps
		return hex.EncodeToString(b)
	case IDSlug:
		n := 2 + r.Intn(2)
		parts := []string{pick(r, adjectives)}
		if n == 3 {
			parts = append(parts, pick(r, materials))
		}
		parts = append(parts, pick(r, nouns))
		return strings.Join(parts, "-")
	case IDDate:
		return fmt.Sprintf("2024-%02d-%02d", 1+r.Intn(12), 1+r.Intn(28))
	case IDStore:
		return fmt.Sprintf("%s%02d", pick(r, cities), 1+r.Intn(30))
	case IDSku:
		return fmt.Sprintf("%c%d%c-%02d", 'A'+rune(r.Intn(26)), r.Intn(10), 'A'+rune(r.Intn(26)), r.Intn(100))
	case IDUsername:
		f, l := pick(r, firstNames), pick(r, lastNames)
		if r.Intn(2) == 0 {
			return f[:1] + l
		}
		return f + "." + l
	case IDULID:
		var sb strings.Builder
		sb.WriteString("01H")
		for i := 0; i < 23; i++ {
			sb.WriteByte(crockford[r.Intn(32)])
		}
		return sb.String()
	case IDTxn:
		var sb strings.Builder
		sb.WriteString("txn_")
		for i := 0; i < 16; i++ {
			sb.WriteByte(b62[r.Intn(62)])
		}
		return sb.String()
	case IDEmail:
		return url.PathEscape(pick(r, firstNames) + "." + pick(r, lastNames) + "@example.com")
	case IDFileName:
		return url.PathEscape(fmt.Sprintf("%s %d.pdf", pick(r, fileWords), r.Intn(100)))
	case IDYear:
		return fmt.Sprint(2018 + r.Intn(8))
	case IDCurrency:
		return pick(r, currencies)
	case IDVIN:
		const vin = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
		// WMI + descriptor + check digit + year/plant, then a 6-digit serial
		b := make([]byte, 17)
		for i := range b {
			b[i] = vin[r.Intn(len(vin))]
			if i == 8 || i >= 11 {
				b[i] = '0' + byte(r.Intn(10))
			}
		}
		return string(b)
	case IDMAC:
		b := make([]byte, 6)
		r.Read(b)
		return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", b[0]&0xfe, b[1], b[2], b[3], b[4], b[5])
	case IDSemver:
		return fmt.Sprintf("%d.%d.%d", 1+r.Intn(3), r.Intn(12), r.Intn(20))
	case IDHashid:
		for {
			v := token(r, 6+r.Intn(3))
			if strings.ContainsAny(v, "0123456789") && strings.ToLower(v) != v {
				return v
			}
		}
	case IDLogin:
		switch r.Intn(3) {
		case 0:
			return pick(r, firstNames) + pick(r, lastNames)
		case 1:
			return pick(r, firstNames)[:1] + pick(r, lastNames) + fmt.Sprint(r.Intn(100))
		}
		return pick(r, adjectives) + "-" + pick(r, []string{"corp", "labs", "works", "systems", "io", "dev"})
	case IDRepo:
		parts := []string{"api", "web", "infra", "data", "mobile", "docs", "auth", "billing", "search", "ml"}
		suffix := []string{"gateway", "service", "client", "tools", "config", "pipeline", "app", "sdk", "", ""}
		if sfx := pick(r, suffix); sfx != "" {
			return pick(r, parts) + "-" + sfx
		}
		return pick(r, parts)
	case IDPair:
		base := []string{"BTC", "ETH", "SOL", "ADA", "XRP", "DOT", "LTC", "AVAX", "LINK", "DOGE"}
		quote := []string{"USDT", "USD", "EUR", "BTC"}
		return pick(r, base) + "-" + pick(r, quote)
	case IDRegion:
		return pick(r, []string{"us", "eu", "ap", "sa", "ca"}) + "-" + pick(r, []string{"east", "west", "central", "north", "south"}) + "-" + fmt.Sprint(1+r.Intn(3))
	case IDOrd:
		return "ord_" + strings.ToLower(token(r, 12))
	case IDPatient:
		return fmt.Sprintf("P-%06d", r.Intn(1000000))
	case IDPlate:
		return fmt.Sprintf("%c-%c%c-%d", 'A'+rune(r.Intn(26)), 'A'+rune(r.Intn(26)), 'A'+rune(r.Intn(26)), 100+r.Intn(9900))
	}
	panic("scenariolab: unknown id kind " + kind) // definitions are code: a typo is a programming error
}

// pool draws n distinct values (fewer if the kind has fewer).
func pool(r *rand.Rand, g IDGen) []string {
	if len(g.Values) > 0 {
		return g.Values
	}
	n := g.Pool
	if n <= 0 {
		n = 40
	}
	seen := map[string]bool{}
	var out []string
	for tries := 0; len(out) < n && tries < n*50; tries++ {
		v := genID(r, g.Kind)
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// jwt makes a syntactically real (unsigned-looking, random signature) JWT.
func jwt(r *rand.Rand, sub string) string {
	enc := base64.RawURLEncoding
	h := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT","kid":"k1"}`))
	p := enc.EncodeToString([]byte(fmt.Sprintf(`{"sub":"%s","iss":"https://auth.example","aud":"api","iat":%d,"exp":%d,"scope":"read write"}`, sub, 1714000000+r.Intn(100000), 1715000000+r.Intn(100000))))
	sig := make([]byte, 64)
	r.Read(sig)
	return h + "." + p + "." + enc.EncodeToString(sig)
}

func token(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = b62[r.Intn(62)]
	}
	return string(b)
}

func hexToken(r *rand.Rand, n int) string {
	b := make([]byte, (n+1)/2)
	r.Read(b)
	return hex.EncodeToString(b)[:n]
}
