package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Save applies ch to the config file at path and writes it back atomically,
// keeping its mode (0600 for a new file) and writing through a symlink.
// When there is no file yet it starts from the built-in default text, so
// the user gets a commented file. The result is checked with Parse first:
// on any error the file is left as it was.
func Save(path string, ch Changes) error {
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	}
	mode, existed := os.FileMode(0o600), true
	data, err := os.ReadFile(target)
	switch {
	case errors.Is(err, os.ErrNotExist):
		data, existed = DefaultTOML(), false
	case err != nil:
		return fmt.Errorf("config: %w", err)
	default:
		if fi, err := os.Stat(target); err == nil {
			mode = fi.Mode().Perm()
		}
	}
	out, err := edit(path, data, ch)
	if err != nil {
		return err
	}
	if existed && bytes.Equal(out, data) {
		return nil
	}
	if err := writeAtomic(target, out, mode); err != nil {
		return fmt.Errorf("config: save: %w", err)
	}
	return nil
}

// writeAtomic writes data to a temporary file beside path, syncs it and
// renames it over path, so a crash leaves the old file or the new one.
func writeAtomic(path string, data []byte, mode os.FileMode) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil { // make the rename itself durable
		d.Sync()
		d.Close()
	}
	return nil
}
