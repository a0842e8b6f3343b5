package window

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// The goldens in testdata/ are Fyne's markup of the whole window. To
// update one after a deliberate change, run the test, check the output
// Fyne writes to testdata/failed/ and copy it over the golden.

func TestHistoryGoldenEmpty(t *testing.T) {
	f := newFixture(t, nil)
	test.AssertRendersToMarkup(t, "history_empty.xml", f.h.Window.Canvas())
}

func TestHistoryGoldenList(t *testing.T) {
	f := newFixture(t, typical(t))
	test.AssertRendersToMarkup(t, "history_list.xml", f.h.Window.Canvas())
}

func TestHistoryGoldenDetail(t *testing.T) {
	f := newFixture(t, typical(t))
	f.h.Show(4)
	test.AssertRendersToMarkup(t, "history_detail.xml", f.h.Window.Canvas())
}

func TestHistoryGoldenServicePanel(t *testing.T) {
	f := newFixture(t, typical(t))
	f.h.filters.service.SetSelected("web.whatsapp.test")
	test.AssertRendersToMarkup(t, "history_service.xml", f.h.Window.Canvas())
}
