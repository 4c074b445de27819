package storage

import (
	"errors"
	"os"
	"path/filepath"
)

// DefaultPath returns where the inventory lives when no --db is given:
// $SHADOWTAP_DB if set, else $XDG_DATA_HOME/shadowtap/inventory.db, else
// ~/.local/share/shadowtap/inventory.db. It creates nothing; Open creates
// the directory of this path (mode 0700) when it is missing.
func DefaultPath() (string, error) {
	if p := os.Getenv("SHADOWTAP_DB"); p != "" {
		return p, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "shadowtap", "inventory.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("storage: no default database path: set $SHADOWTAP_DB or pass --db (neither $XDG_DATA_HOME nor $HOME is set)")
	}
	return filepath.Join(home, ".local", "share", "shadowtap", "inventory.db"), nil
}
