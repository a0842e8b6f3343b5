package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/classify"
	"github.com/downradar/downradar/checker/seeds"
)

func runClassify(t *testing.T, stdin string, args ...string) (int, []string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"classify"}, args...), strings.NewReader(stdin), &out, &errb)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if out.Len() == 0 {
		lines = nil
	}
	return code, lines, errb.String()
}

func TestClassifyPlain(t *testing.T) {
	code, lines, errs := runClassify(t, "WhatsApp down for thousands\r\nMeta shares down 5%\n\nواتساب لا يعمل")
	if code != ExitOK || errs != "" || len(lines) != 4 {
		t.Fatalf("exit %d, %d lines, stderr %q", code, len(lines), errs)
	}
	want := []struct {
		outage   bool
		services string
	}{{true, "whatsapp"}, {false, ""}, {false, ""}, {true, "whatsapp"}}
	for i, l := range lines {
		var r classify.Result
		dec := json.NewDecoder(strings.NewReader(l))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %d: %q: %v", i+1, l, err)
		}
		if r.Outage != want[i].outage || strings.Join(r.Services, ",") != want[i].services {
			t.Errorf("line %d: %s", i+1, l)
		}
	}
	// The documented shape, keys in order, lists never null.
	if !strings.HasPrefix(lines[1], `{"outage":false,"services":[],"named":[],"recovered":false,"score":`) || !strings.Contains(lines[1], `"matched":["shares down"]`) {
		t.Errorf("shape: %s", lines[1])
	}
}

func TestClassifyJSON(t *testing.T) {
	in := `{"text": "Instagram en panne", "lang": "fr"}
{"text": "Gmail is back up after the outage"}
{"txt": "typo"}
not json
{"lang": "en"}
{"text": "YouTube down"}
`
	code, lines, errs := runClassify(t, in, "--json")
	if code != ExitError || len(lines) != 6 {
		t.Fatalf("exit %d, lines %q", code, lines)
	}
	for i, want := range []string{
		`"services":["instagram"]`,
		`"recovered":true`,
		`{"error":"stdin:3: json: unknown field \"txt\""}`,
		`{"error":"stdin:4: invalid character 'o' in literal null (expecting 'u')"}`,
		`{"error":"stdin:5: no \"text\""}`,
		`"services":["youtube"]`,
	} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d: %s, want %s", i+1, lines[i], want)
		}
	}
	if !strings.Contains(errs, "stdin:3:") || !strings.Contains(errs, "stdin:5:") {
		t.Errorf("stderr names the bad lines: %q", errs)
	}
}

// A line over the cap is reported in its place; the lines after it still come.
func TestClassifyLongLine(t *testing.T) {
	in := "Instagram down\n" + strings.Repeat("a", maxLine+10) + "\nYouTube down\n"
	code, lines, _ := runClassify(t, in)
	if code != ExitError || len(lines) != 3 || lines[1] != `{"error":"stdin:2: over 1 MiB"}` || !strings.Contains(lines[2], "youtube") {
		t.Fatalf("exit %d, lines %.200q", code, lines)
	}
	// Exactly at the cap is fine.
	code, lines, _ = runClassify(t, strings.Repeat("b", maxLine)+"\n")
	if code != ExitOK || len(lines) != 1 {
		t.Errorf("a line of exactly 1 MiB: exit %d, %d lines", code, len(lines))
	}
}

func TestClassifyUsage(t *testing.T) {
	if code, _, _ := runClassify(t, "", "--jsn"); code != ExitUsage {
		t.Errorf("unknown flag: exit %d", code)
	}
	if code, lines, _ := runClassify(t, ""); code != ExitOK || len(lines) != 0 {
		t.Errorf("empty input: exit %d, %q", code, lines)
	}
}

// The seed articles through the command, as JSON lines with their language.
func TestClassifySeeds(t *testing.T) {
	all, err := seeds.All()
	if err != nil {
		t.Fatal(err)
	}
	var in strings.Builder
	for _, a := range all {
		b, _ := json.Marshal(map[string]string{"text": a.Title + "\n" + a.Lead, "lang": a.Lang})
		in.Write(append(b, '\n'))
	}
	code, lines, errs := runClassify(t, in.String(), "--json")
	if code != ExitOK || len(lines) != len(all) {
		t.Fatalf("exit %d, %d lines, %s", code, len(lines), errs)
	}
	for i, a := range all {
		var r classify.Result
		if err := json.Unmarshal([]byte(lines[i]), &r); err != nil {
			t.Fatal(err)
		}
		if !r.Outage || strings.Join(r.Services, ",") != strings.Join(a.Services, ",") {
			t.Errorf("%s: %s, want %v", a.File, lines[i], a.Services)
		}
	}
}
