package inventory

import "testing"

func TestScratchClassify(t *testing.T) {
	for _, s := range []string{"AYg2FM", "dZf6LOMh", "GIMWU7r", "P5ETTY", "cfuKt3", "xK9fQ2", "WJHEHFJAXUWKPAYVX", "1HGCM82633A004352", "CUTQG4", "work", "ideas", "B-KXA-4821", "jdoe", "maria.silva", "NYC01", "A7X-99", "txn_1N8fK2LkdIwHu7ix", "export.csv", "00:1a:2b:3c:4d:5e", "1.4.2", "P-004211"} {
		k := Classify(s, 2, "drivers")
		t.Logf("%-22s kind=%-9s class=%d", s, k, classOf(s, k))
	}
}
