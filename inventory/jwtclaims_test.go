package inventory

import "testing"

// claimsSlow is the reference: one jsonFieldPresent search per claim.
func claimsSlow(b []byte) uint8 {
	var claims uint8
	for i, c := range jwtClaimNames {
		if _, ok := jsonFieldPresent(b, c); ok {
			claims |= 1 << i
		}
	}
	return claims
}

var jwtClaimsCases = []string{
	``,
	`"`,
	`"iss"`,
	`{"iss":"a","sub":"b"}`,
	`{"iss" :1,"aud"	: 2, "exp":3,"iat":4,"nbf":5,"jti":"x","scope":"r w"}`,
	`{"x":"iss","y":"\"sub\":"}`,
	`"is"s":`,
	`{"issuer":1,"sub2":2,"aud" x:3}`,
	`""iss":`,
	`{"scope":`,
	`{"scope"`,
	`{"s":"scope":}`,
}

func TestJWTClaimsPresentMatchesReference(t *testing.T) {
	for _, c := range jwtClaimsCases {
		if got, want := jwtClaimsPresent([]byte(c)), claimsSlow([]byte(c)); got != want {
			t.Errorf("jwtClaimsPresent(%q) = %08b, want %08b", c, got, want)
		}
	}
}

func FuzzJWTClaimsPresent(f *testing.F) {
	for _, c := range jwtClaimsCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := jwtClaimsPresent(b), claimsSlow(b); got != want {
			t.Fatalf("jwtClaimsPresent(%q) = %08b, want %08b", b, got, want)
		}
	})
}

var stringFormatCases = []string{
	"", "a", "Alice Smith", "alice@example.com", "a@b", "123e4567-e89b-12d3-a456-426614174000",
	"2024-01-31", "2024-01-31T10:20:30Z", "2024-01-31 10:20", "10.0.0.1", "::1", "fe80::1:2",
	"2024-W05", "report.2024-01-31.json", "1.2.3", "00:1a:2b:3c:4d:5e", "Hkty7X", "123",
}

func TestStringFormatMatchesClassify(t *testing.T) {
	for _, c := range stringFormatCases {
		if got, want := stringFormat([]byte(c)), formatOf(classify(c, "")); got != want {
			t.Errorf("stringFormat(%q) = %q, want %q", c, got, want)
		}
	}
}

func FuzzStringFormat(f *testing.F) {
	for _, c := range stringFormatCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := stringFormat([]byte(s)), formatOf(classify(s, "")); got != want {
			t.Fatalf("stringFormat(%q) = %q, want %q", s, got, want)
		}
	})
}
