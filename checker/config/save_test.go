package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "downradar", "config.toml")
	ch := Changes{Fail: ptr(4), Services: []ServiceChange{{ID: Default().Services[0].ID, Mute: ptr(true)}}}
	if err := Save(path, ch); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Edit(DefaultTOML(), ch)
	if !bytes.Equal(got, want) || !bytes.HasPrefix(got, DefaultTOML()[:40]) {
		t.Errorf("wrote:\n%s", got)
	}
	c, err := Load(path, true)
	if err != nil || c.Thresholds.Fail != 4 || !c.Services[0].Mute || !c.Services[0].Enabled {
		t.Errorf("read back: %v %+v", err, c)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v", fi.Mode())
	}
	if fi, _ := os.Stat(filepath.Dir(path)); fi.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v", fi.Mode())
	}
}

func TestSaveKeepsWhatItDoesNotManage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	doc := "# written by hand\nresolver = \"127.0.0.1:5353\"\ninterval = \"60s\"\ntimeout = \"5s\"\n" + services
	if err := os.WriteFile(path, []byte(doc), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, Changes{Interval: ptr("2m"), Services: []ServiceChange{{Name: "Status", Enabled: ptr(true)}}}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := strings.Replace(strings.Replace(doc, `"60s"`, `"2m"`, 1), "enabled = false", "enabled = true", 1)
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode())
	}

	// A refused edit leaves the file as it was, and no temporary file.
	err := Save(path, Changes{Interval: ptr("1s")})
	if err == nil || err.Error() != path+":4: timeout: 5s is longer than interval (1s)" {
		t.Errorf("error %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, got) {
		t.Errorf("file changed by a refused edit:\n%s", after)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestSaveThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "config.toml")
	link := filepath.Join(dir, "config.toml")
	os.MkdirAll(filepath.Dir(real), 0o700)
	if err := os.WriteFile(real, []byte(services), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	if err := Save(link, Changes{Fail: ptr(5)}); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	if c, err := Load(real, true); err != nil || c.Thresholds.Fail != 5 {
		t.Errorf("target not updated: %v", err)
	}
}

// The settings window's language choice: a language is written and read
// back, and following the system again removes the key.
func TestSaveLanguage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := Save(path, Changes{Language: ptr("hi")}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if !bytes.Contains(got, []byte("\ntimeout = \"10s\"\nlanguage = \"hi\"\n")) {
		t.Errorf("wrote:\n%s", got)
	}
	if c, err := Load(path, true); err != nil || c.Language != "hi" {
		t.Fatalf("read back: %v %+v", err, c)
	}
	if err := Save(path, Changes{Language: ptr("")}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, DefaultTOML()) {
		t.Errorf("after removing the language:\n%s", after)
	}
	if (Changes{Language: ptr("")}).Empty() {
		t.Error("a language change is empty")
	}
}
