package catalog_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/downradar/downradar/checker/catalog"
	"github.com/downradar/downradar/checker/classify"
)

// Every name (issue 13): the spellings the press uses in each script, its
// transliterations and common misspellings are found, each naming its own
// service; and a short name is never found inside the common words it
// begins (Indic and Arabic-script names match any ending, Hangul and Han
// anywhere), nor a brand that is also a common word without the context
// that makes it the brand.
func TestEveryName(t *testing.T) {
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{} // a name as matched ("=" kept) -> its service
	for _, e := range catalog.Builtin() {
		for _, n := range e.Names {
			owner[strings.ToLower(n)] = e.ID
		}
	}
	for _, tc := range []struct {
		text string
		want []string // the services named, sorted
	}{
		// Transliterations and misspellings in Latin script.
		{"Društvene mreže Fejsbuk i Instagram, kao i Vacap i Mesindžer, nisu radili", []string{"facebook", "instagram", "messenger", "whatsapp"}},
		{"Korisnici „Fejsbuka“, „Instagrama“ i „Vocapa“ prijavili prekide", []string{"facebook", "instagram", "whatsapp"}},
		{"problemi u radu „Tvitera“, „Gugla“ i „Jutjuba“", []string{"google", "x", "youtube"}},
		{"Feysbukun fəaliyyəti bərpa edilib, İnstaqram da işləyir", []string{"facebook", "instagram"}},
		{"Instragram down for thousands", []string{"instagram"}},
		{"Play Station Network caído", []string{"playstation"}},
		{"Čez uro so težavo v omrežju Cloudflara odpravili", []string{"cloudflare"}},
		{"5/18夜、全世界的にZOOMの不具合が発生しました。", []string{"zoom"}},
		// Cyrillic, Greek, Hebrew, Georgian.
		{"Няма достъп до Месинджър и УатсАп, нито до Туитър", []string{"messenger", "whatsapp", "x"}},
		{"Сбой «В Контакте»: пользователи жалуются", []string{"vk"}},
		{"Πρόβλημα στο Φέισμπουκ και στο Τουίτερ", []string{"facebook", "x"}},
		{"תקלה בווצאפ ובאמזון", []string{"amazon", "whatsapp"}},
		{"ტელეგრამში და იუთუბზე შეფერხებაა", []string{"telegram", "youtube"}},
		// Arabic script.
		{"عطل \"كلاود فلير\" يشل حركة الإنترنت", []string{"cloudflare"}},
		{"توقفت مواقع فايسبوك و سبوتفاي عن العمل", []string{"facebook", "spotify"}},
		{"فیس بک، انسٹاگرام، میسنجر، تھریڈز بند تھیں", []string{"facebook", "instagram", "messenger", "threads"}},
		{"اختلال گسترده در شبکه اجتماعی ایکس و اینستا", []string{"instagram", "x"}},
		{"سوشل میڈیا پلیٹ فارم ’ایکس‘ کی اچانک بندش", []string{"x"}},
		{"صارفین چیٹ جی پی ٹی، ایکس، اسپاٹی فائی تک رسائی سے محروم", []string{"chatgpt", "spotify", "x"}},
		{"আচমকা বিশ্বজুড়ে স্তব্ধ এক্স, ChatGPT!", []string{"chatgpt", "x"}},
		{"सोशल मीडिया प्लेटफॉर्म एक्स, चैटजीपीटी ठप", []string{"chatgpt", "x"}},
		{"عطل في منصة إكس وفيسبوك", []string{"facebook", "x"}},
		{"বিকাশে লেনদেন বন্ধ, গ্রাহকদের ভোগান্তি", []string{"bkash"}},
		// Indic scripts, spaced and unspaced, and the endings Malayalam and
		// Tamil write in place of the name's final virama or anusvara.
		{"यू ट्यूब का सर्वर डाउन है", []string{"youtube"}},
		{"फेस बुक और व्हॉट्स अॅप बंद", []string{"facebook", "whatsapp"}},
		{"ह्वाट्सएप डाउन हुँदा मजाक उडाइयो, म्यासेञ्जर पनि", []string{"messenger", "whatsapp"}},
		{"ভারতের বিভিন্ন প্রান্তে ব্যাহত হোয়্যাটসঅ্যাপ ও ম্যাসেঞ্জার", []string{"messenger", "whatsapp"}},
		{"યુ-ટયુબની સર્વિસ ખોરવાઈ", []string{"youtube"}},
		{"ਫੇਸਬੁੱਕ, ਵਟਸਐੱਪ ਤੇ ਯੂ-ਟਿਊਬ ਬੰਦ", []string{"facebook", "whatsapp", "youtube"}},
		{"இன்ஸ்டாகிராமை பயன்படுத்த முடியவில்லை, டுவிட்டரில் புகார்", []string{"instagram", "x"}},
		{"ಇನ್ಸ್ಟಾಗ್ರಾಂನಲ್ಲಿ ಸಮಸ್ಯೆ, ಫೋನ್ ಪೇ ಸ್ಥಗಿತ", []string{"instagram", "phonepe"}},
		{"ഫേസ്ബുക്കും ഇൻസ്റ്റഗ്രാമും വാട്സ്ആപ്പും പണിമുടക്കി", []string{"facebook", "instagram", "whatsapp"}},
		{"ട്വിറ്ററിലും ടെലിഗ്രാമിലും ആളുകളുടെ തള്ളിക്കയറ്റം", []string{"telegram", "x"}},
		// Odia and Sinhala: the virama and wa spellings the Odia press
		// varies between, and Sinhala's spaced and unspaced names.
		{"ହ୍ବାଟ୍ସଆପ୍ ଓ ଇନ୍ଷ୍ଟାଗ୍ରାମ ଡାଉନ୍, ଟ୍ଵିଟରରେ ଅଭିଯୋଗ", []string{"instagram", "whatsapp", "x"}},
		{"ଫେସ୍ବୁକ୍ ଏବଂ ୟୁଟ୍ୟୁବ ଅଚଳ, ଜିମେଲ୍ ମଧ୍ୟ", []string{"facebook", "gmail", "youtube"}},
		{"ෆේස් බුක්, වට්ස් ඇප් සහ යූටියුබ් බිඳ වැටේ", []string{"facebook", "whatsapp", "youtube"}},
		{"ඉන්ස්ටග්\u200dරෑම් සහ ටෙලිග්\u200dරෑම් අක්\u200dරියයි", []string{"instagram", "telegram"}},
		// Thai, Lao, Burmese, Khmer, Chinese, Korean.
		{"เฟซบุ๊ก-ไอจี ล่มทั่วโลก", []string{"facebook", "instagram"}},
		{"ເຟສບຸກ ແລະ ຢູທູບ ມີບັນຫາ", []string{"facebook", "youtube"}},
		{"ဖေ့စ်ဘုတ် ချို့ယွင်း", []string{"facebook"}},
		{"តិកតុក និង តេឡេក្រាម គាំង", []string{"telegram", "tiktok"}},
		{"網飛與維基百科當機", []string{"netflix", "wikipedia"}},
		{"오픈AI 챗GPT 장애, 줌 화상회의도 먹통", []string{"chatgpt", "zoom"}},
		// Short names inside the common words they begin, and brands that
		// are common words: not found.
		{"राजधानी एक्सप्रेस की सेवा ठप", nil},
		{"वेबसाइट्स एक्सेस नहीं हो रहीं", nil},
		{"एक्सिस बैंक का सर्वर डाउन", nil},
		{"এক্সিম ব্যাংকের সার্ভার ডাউন", nil},
		{"ایکسیڈنٹ کے بعد ریلوے سروس معطل", nil},
		{"اسپیس ایکس پرتاب را به تعویق انداخت", nil},
		{"শিশুর মানসিক বিকাশ ব্যাহত", nil},
		{"दोनों टीम्स का सर्वर डाउन", nil},
		{"স্টক এক্সচেঞ্জ সার্ভার ডাউন", nil},
		{"کراچی ایکسپریس ٹرین سروس معطل", nil},
		{"ऐप इंस्टाल नहीं हो रहा, सर्वर डाउन", nil},
		{"아줌마들이 접속 장애를 호소했다", nil},
		{"输油管道中断", nil},
		{"Русия ще блокира Telegram и други месинджъри", []string{"telegram"}},
		{"Мы в контакте с провайдером, сбой устраняется", nil},
	} {
		r := cls.Classify(tc.text)
		var got []string
		for _, m := range r.Matched {
			if id, ok := owner[strings.ToLower(m)]; ok && !slices.Contains(got, id) {
				got = append(got, id)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q names %v, want %v (matched %v)", tc.text, got, tc.want, r.Matched)
		}
	}
}
