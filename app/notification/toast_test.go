package notification

import "testing"

// A toast's activation arguments carry its incident back to the agent;
// anything else Windows or another app hands over is not DownRadar's.
func TestToastArgs(t *testing.T) {
	for _, id := range []int64{0, 1, 42, 1 << 40} {
		got, ok := ParseToastArgs(toastArgs(id))
		if !ok || got != id {
			t.Errorf("ParseToastArgs(toastArgs(%d)) = %d, %v", id, got, ok)
		}
	}
	for _, args := range []string{"", "open=", "open=-3", "open=x", "incident=4", "open=99999999999999999999", "action=reply"} {
		if id, ok := ParseToastArgs(args); ok {
			t.Errorf("ParseToastArgs(%q) = %d, true", args, id)
		}
	}
	if id, ok := ParseToastArgs(" open=7\r\n"); !ok || id != 7 {
		t.Errorf("with spaces: %d %v", id, ok)
	}
}
