package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/downradar/downradar/checker/classify"
)

// maxLine bounds one input line of `downradar classify`.
const maxLine = 1 << 20

// classifyInput is one JSON line of `downradar classify --json`.
type classifyInput struct {
	Text *string `json:"text"`
	Lang string  `json:"lang"` // accepted; the lexicon covers every language at once
}

// classifyCmd runs `downradar classify [--json]`: one text per line on
// stdin (or JSON lines with "text" and optional "lang"), one JSON verdict
// per line on stdout, in order. A line that cannot be read gets
// {"error": "..."} in its place (English, as all JSON), is said on stderr
// in the user's language, and the exit code is 1.
func classifyCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	w := systemWords()
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, w.Say("cli.flag_classify_json"))
	if code, ok := parse(fs, args, stderr); !ok {
		return code
	}
	c, err := classify.New()
	if err != nil {
		fmt.Fprintf(stderr, "downradar classify: %v\n", err)
		return ExitError
	}
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	code := ExitOK
	for n := 1; ctx.Err() == nil; n++ {
		line, err := readLine(in)
		if errors.Is(err, io.EOF) && line == nil {
			break
		}
		var reply any
		said := "" // what is wrong with the line, in w's language
		switch {
		case errors.Is(err, errLineTooLong):
			reply, said = lineError(n, "over 1 MiB"), w.Say("cli.line_too_long")
		case err != nil && !errors.Is(err, io.EOF):
			fmt.Fprintf(stderr, "downradar classify: %s\n", w.Say("cli.read_error", "Line", w.Digits(strconv.Itoa(n)), "Error", err.Error()))
			return ExitError
		case *asJSON:
			var ci classifyInput
			dec := json.NewDecoder(bytes.NewReader(line))
			dec.DisallowUnknownFields()
			if derr := dec.Decode(&ci); derr != nil {
				reply, said = lineError(n, derr.Error()), w.Say("cli.line_not_json", "Error", derr.Error())
			} else if ci.Text == nil {
				reply, said = lineError(n, `no "text"`), w.Say("cli.line_no_text")
			} else {
				reply = c.Classify(*ci.Text)
			}
		default:
			reply = c.Classify(string(line))
		}
		if said != "" {
			fmt.Fprintf(stderr, "downradar classify: stdin:%d: %s\n", n, said)
			code = ExitError
		}
		if werr := enc.Encode(reply); werr != nil {
			fmt.Fprintf(stderr, "downradar classify: %v\n", werr)
			return ExitError
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	return code
}

type classifyError struct {
	Error string `json:"error"`
}

func lineError(n int, msg string) classifyError {
	return classifyError{Error: fmt.Sprintf("stdin:%d: %s", n, msg)}
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its newline (and a trailing \r). A line
// over maxLine is consumed and reported as errLineTooLong. At the end of
// input it returns the last line, if any, with io.EOF.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > maxLine+1 {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			return []byte{}, errLineTooLong
		}
		line = append(line, chunk...)
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(line) == 0 {
				return nil, io.EOF
			}
			return bytes.TrimSuffix(line, []byte("\r")), io.EOF
		case err != nil:
			return nil, err
		}
		line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
		return line, nil
	}
}
