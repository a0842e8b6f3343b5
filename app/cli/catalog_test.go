package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/catalog"
)

func TestCatalogCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	doc := "[[service]]\nid = \"discord\"\n[[service]]\nid = \"facebook\"\nenabled = false\n" +
		"[[service]]\nname = \"Intranet\"\n  [[service.component]]\n  name = \"Web\"\n  probe = \"https://intranet.test/\"\n"
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Main(context.Background(), []string{"catalog", "--config", path, "--json"}, nil, &out, &errb); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got []catalogEntry
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(catalog.Builtin())+1 {
		t.Fatalf("%d entries", len(got))
	}
	by := map[string]catalogEntry{}
	for _, e := range got {
		by[e.ID] = e
	}
	if !by["discord"].Watched || by["facebook"].Watched || !by["whatsapp"].Watched || by["threads"].Watched {
		t.Errorf("watched: discord %v facebook %v whatsapp %v threads %v", by["discord"].Watched, by["facebook"].Watched, by["whatsapp"].Watched, by["threads"].Watched)
	}
	if in := by["intranet"]; in.Builtin || !in.Watched || len(in.Components) != 1 {
		t.Errorf("own service: %+v", in)
	}
	if gh := by["github"]; gh.Status == "" || len(gh.Components) < 2 {
		t.Errorf("github: %+v", gh)
	}

	out.Reset()
	if code := Main(context.Background(), []string{"catalog", "--config", path}, nil, &out, &errb); code != ExitOK {
		t.Fatalf("table: exit %d", code)
	}
	table := out.String()
	watched := 1 // the intranet; discord on, facebook off
	for _, e := range catalog.Builtin() {
		if e.Watch {
			watched++
		}
	}
	summary := fmt.Sprintf("%d of %d watched", watched, len(catalog.Builtin())+1)
	for _, want := range []string{"WATCHED", "Intranet (yours)", summary} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if code := Main(context.Background(), []string{"catalog", "--config", filepath.Join(t.TempDir(), "none.toml")}, nil, &out, &errb); code != ExitUsage {
		t.Errorf("missing --config file: exit %d", code)
	}
}
