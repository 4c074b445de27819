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
