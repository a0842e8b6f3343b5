package statuspage

import (
	"net/url"
	"path"
	"strings"
)

// link makes ref absolute against base and keeps it only when it is an
// http(s) URL: a javascript: or otherwise odd link from a payload gives "".
func link(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if !r.IsAbs() {
		b, err := url.Parse(base)
		if err != nil || !isHTTP(b) {
			return ""
		}
		// A base naming a directory ("…/dashboard") resolves below it; one
		// naming a file ("…/incidents.json") next to it.
		if !strings.HasSuffix(b.Path, "/") && !strings.Contains(path.Base(b.Path), ".") {
			b.Path += "/"
			b.RawPath = ""
		}
		r = b.ResolveReference(r)
	}
	if !isHTTP(r) {
		return ""
	}
	return r.String()
}

// firstLink is the first of refs that makes an http(s) link against base.
func firstLink(base string, refs ...string) string {
	for _, ref := range refs {
		if l := link(base, ref); l != "" {
			return l
		}
	}
	return ""
}

// isHTTP reports whether u is an absolute http or https URL with a host.
func isHTTP(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
