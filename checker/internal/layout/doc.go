// Package layout holds no code: its tests check the rules of the module's
// layout (docs/architecture.md): checker/ is the engine and imports neither
// Fyne nor app/; its test fixtures (lab, seeds) stay out of its programs;
// the vocabulary, the fusion, the news radar, the notification planner
// and the wording do not link the store's SQLite.
package layout
