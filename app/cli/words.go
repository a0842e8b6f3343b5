package cli

import (
	"os"

	"github.com/downradar/downradar/app/label"
	"github.com/downradar/downradar/app/locale"
	"github.com/downradar/downradar/checker/config"
)

// systemWords speaks the system's language (LANGUAGE, LC_ALL, LC_MESSAGES,
// LANG): for what a command says before it has a config, or when it reads
// none.
func systemWords() *label.Words {
	return label.New(locale.Language("", os.Getenv))
}

// configWords speaks the language cfg names, else the system's.
func configWords(cfg *config.Config) *label.Words {
	return label.New(locale.Language(cfg.Language, os.Getenv))
}
