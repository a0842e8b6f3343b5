package layout

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/downradar/downradar"

// golist runs go list -f format over the packages and returns its lines.
func golist(t *testing.T, format string, pkgs ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-f", format}, pkgs...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", strings.Join(pkgs, " "), err, out)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// TestCheckerIsTheEngine: no package of checker/, tests included, imports
// Fyne or app/.
func TestCheckerIsTheEngine(t *testing.T) {
	lines := golist(t, `{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, module+"/checker/...")
	if len(lines) < 15 {
		t.Fatalf("go list found %d packages under checker/: %q", len(lines), lines)
	}
	for _, l := range lines {
		pkg, imports, _ := strings.Cut(l, " ")
		for _, imp := range strings.Fields(imports) {
			if strings.HasPrefix(imp, "fyne.io/") || strings.HasPrefix(imp, module+"/app/") {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}

// TestFixturesStayInTests: the engine's programs (its packages without
// their tests) never depend on the test fixtures, and the pure packages
// never on the store.
func TestFixturesStayInTests(t *testing.T) {
	fixtures := []string{module + "/checker/lab", module + "/checker/seeds"}
	for _, l := range golist(t, `{{.ImportPath}} {{join .Deps " "}}`, module+"/checker/...") {
		pkg, deps, _ := strings.Cut(l, " ")
		if pkg == fixtures[0] || pkg == fixtures[1] {
			continue
		}
		for _, d := range strings.Fields(deps) {
			if d == fixtures[0] || d == fixtures[1] {
				t.Errorf("%s depends on the test fixture %s", pkg, d)
			}
		}
	}
	for _, l := range golist(t, `{{.ImportPath}} {{join .Deps " "}}`, module+"/checker/history", module+"/checker/incident", module+"/checker/radar", module+"/app/notification", module+"/app/label") {
		pkg, deps, _ := strings.Cut(l, " ")
		for _, d := range strings.Fields(deps) {
			if d == module+"/checker/store" || strings.Contains(d, "sqlite") {
				t.Errorf("%s links %s", pkg, d)
			}
		}
	}
}
