package credit

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/shingle"
)

// agencies are wire services, as articles name them (Russian names with their case endings).
var agencies = []string{
	`Reuters`, `Thomson Reuters`, `Associated Press`, `AP`, `AFP`, `Agence France-Presse`, `Agence France Presse`,
	`EFE`, `Agencia EFE`, `Efe`, `dpa`, `DPA`, `Deutsche Presse-Agentur`, `ANSA`, `Xinhua`, `Bloomberg`, `UPI`,
	`Kyodo`, `Kyodo News`, `Jiji Press`, `Jiji`, `Yonhap`, `Europa Press`, `Notimex`, `Press Association`, `PA Media`,
	`Anadolu`, `KNA`, `epd`, `APA`, `SDA`, `Keystone-SDA`, `Belga`, `Lusa`, `Télam`, `AAP`, `PTI`, `TASS`,
	`Interfax`, `RIA Novosti`, `ТАСС`, `ИТАР-ТАСС`, `РИА Новости`, `РИА "Новости"`, `Интерфакс\p{L}*`, `Прайм`,
	`共同通信`, `共同`, `時事通信`, `時事`, `ロイター通信`, `ロイター`, `AP通信`, `AFP通信`, `新華社`, `聯合ニュース`,
}

// outlets are newspapers, broadcasters and sites named often enough to list.
var outlets = []string{
	`BBC`, `CNN`, `NBC`, `CBS`, `ABC`, `Fox News`, `NPR`, `PBS`, `MSNBC`, `CNBC`, `(?:The )?New York Times`,
	`(?:The )?Washington Post`, `(?:The )?Wall Street Journal`, `(?:The )?Guardian`, `Financial Times`, `(?:The )?Telegraph`,
	`Politico`, `Axios`, `Al Jazeera`, `Sky News`, `Le Monde`, `Le Figaro`, `Libération`, `franceinfo`, `France Info`,
	`BFMTV`, `RFI`, `France 24`, `El País`, `El Mundo`, `La Vanguardia`, `Clarín`, `La Nación`, `Milenio`, `Reforma`,
	`El Universal`, `Televisa`, `TV Azteca`, `(?:Der )?Spiegel`, `Bild`, `(?:Die )?Zeit`, `FAZ`, `Frankfurter Allgemeinen?`,
	`Süddeutschen? Zeitung`, `Handelsblatt`, `ARD`, `ZDF`, `Tagesschau`, `Deutschlandfunk`, `n-tv`, `RTL`,
	`Коммерсант\p{L}*`, `Ведомост\p{L}*`, `Известия\p{L}*`, `Известиям`, `РБК`, `Медуз\p{L}*`, `Meduza`,
	`NHK`, `朝日新聞`, `読売新聞`, `毎日新聞`, `日本経済新聞`, `日経`, `産経新聞`, `TBS`, `フジテレビ`, `テレビ朝日`,
}

// mediaWords make a capitalised name an outlet's: "Radio Formula", "the Daily Courier".
var mediaWords = []string{
	`Radio`, `Radiodifusión`, `TV`, `Television`, `Televisión`, `Télévision`, `Times`, `Post`, `News`, `Noticias`,
	`Nachrichten`, `Journal`, `Press`, `Presse`, `Prensa`, `Daily`, `Herald`, `Tribune`, `Tribuna`, `Gazette`,
	`Gaceta`, `Channel`, `Network`, `Agency`, `Agencia`, `Agentur`, `Agence`, `Magazine`, `Magazin`, `Revista`,
	`Mail`, `Telegraph`, `Chronicle`, `Courier`, `Kurier`, `Observer`, `Zeitung`, `Rundfunk`, `Fernsehen`,
	`Rundschau`, `Anzeiger`, `Tagblatt`, `Diario`, `Periódico`, `Heraldo`, `Crónica`, `Quotidien`, `Matin`, `Soir`,
	`Courrier`, `Dépêche`, `Газет\p{L}*`, `Радио`, `ТВ`, `Новост\p{L}*`, `Вести`, `Телеканал\p{L}*`, `FM`, `Online`,
	`新聞`, `テレビ`, `通信`, `放送`,
}

// describers are words put before an outlet's name: "Mexican outlet Radio Formula", "the
// newspaper El Sol", "la agencia EFE", "der Zeitung Die Welt", "l'agence Reuters".
var describers = []string{
	`outlet`, `newspaper`, `broadcaster`, `daily`, `weekly`, `network`, `news agency`, `agency`, `radio station`,
	`station`, `magazine`, `website`, `tabloid`, `channel`, `news site`, `wire service`,
	`diario`, `periódico`, `emisora`, `agencia`, `cadena`, `medio`, `semanario`, `revista`, `televisora`,
	`Zeitung`, `Sender`, `Nachrichtenagentur`, `Agentur`, `Magazin`, `Nachrichtenmagazin`, `Blatt`, `Portal`,
	`journal`, `radio`, `agence`, `chaîne`, `quotidien`, `hebdomadaire`, `site`,
	`агентств\p{L}*`, `газет\p{L}*`, `телеканал\p{L}*`, `издани\p{L}*`, `радиостанци\p{L}*`, `портал\p{L}*`,
}

const (
	// name is a capitalised name of up to four words.
	name = `\p{Lu}[\p{L}\p{M}\p{N}'’.&-]*(?:\s+(?:de |del |la |el |der |die |des |du )?\p{Lu}[\p{L}\p{M}\p{N}'’.&-]*){0,3}`
	// quoted is an outlet's name in quotation marks: «Известиям», „Bild“, « Libération ».
	quoted = `(?:«\s?[^»]{1,40}\s?»|„[^“”]{1,40}[“”]|“[^”]{1,40}”|"[^"]{1,40}")`
	// article is what may come between a verb and an outlet.
	article = `(?:(?i:the|el|la|los|las|al|a la|del|der|die|das|dem|den|des|le|les|au|aux|à la|à l'|à l’|l'|l’)\s*)?`
	// lb and rb stand for word boundaries, which RE2's \b knows only in ASCII.
	lb = `(?:^|[^\p{L}\p{N}])`
	rb = `(?:[^\p{L}\p{N}]|$)`
)

func alt(list []string) string { return `(?:` + strings.Join(list, `|`) + `)` }

// outlet matches the name of an outlet: a listed one, a capitalised name with a media word, a
// name after a describer, or a short name in quotation marks.
var outlet = alt([]string{
	alt(agencies), alt(outlets),
	`(?:` + name + `\s+)?` + alt(mediaWords) + `(?:\s+` + name + `)?`,
	`(?:\p{L}+\s+)?` + alt(describers) + `\s+` + article + `(?:` + alt(agencies) + `|` + alt(outlets) + `|` + name + `|` + quoted + `)`,
	quoted,
})

// before are phrases that name their source after them: "according to", "told".
var before = []string{
	// English
	`according to`, `told`, `said to`, `speaking to`, `spoke to`, `in an interview with`, `in remarks to`,
	`interview with`, `reported by`, `as reported by`, `first reported by`, `quoted by`, `cited by`, `per`, `via`,
	`in a statement to`, `said in a report by`, `wrote in`,
	// Spanish
	`según`, `de acuerdo con`, `dijo a`, `declaró a`, `afirmó a`, `explicó a`, `señaló a`, `aseguró a`, `contó a`,
	`comentó a`, `indicó a`, `en entrevista con`, `en una entrevista con`, `citado por`, `citada por`, `informó`,
	`reportó`, `publicó`, `difundió`, `reveló`,
	// German
	`laut`, `berichtete`, `berichtet`, `meldete`, `meldet`, `sagte`, `sagt`, `erklärte`, `zitiert`, `zitierte`,
	`gegenüber`, `im Gespräch mit`, `im Interview mit`, `in einem Interview mit`, `nach Angaben`, `schrieb`,
	// French
	`selon`, `d'après`, `d’après`, `a déclaré`, `a dit`, `a confié`, `a indiqué`, `a affirmé`, `a expliqué`,
	`a raconté`, `déclare`, `confie`, `rapporte`, `a rapporté`, `cité par`, `citée par`, `interrogé par`,
	`interrogée par`, `dans un entretien`, `dans une interview`, `rapporté par`, `relayé par`,
	// Russian
	`сообщает`, `сообщило`, `сообщила`, `сообщил`, `передает`, `передаёт`, `пишет`, `по данным`, `по сообщению`,
	`со ссылкой на`, `заявил`, `заявила`, `сказал`, `сказала`, `рассказал`, `рассказала`, `в интервью`,
	`в беседе с`, `цитирует`,
}

// after are phrases that name their source before them: "Reuters reported", "共同通信によると".
var after = []string{
	`reported`, `reports`, `has reported`, `first reported`, `quoted`, `cited`, `wrote`, `has learned`, `learned`,
	`said in a report`, `informó`, `reportó`, `publicó`, `difundió`, `informa`, `berichtete`, `berichtet`,
	`meldete`, `meldet`, `zitierte`, `schrieb`, `rapporte`, `a rapporté`, `indique`, `a révélé`, `révèle`,
	`сообщает`, `сообщило`, `пишет`, `передает`, `передаёт`,
}

var afterJa = []string{`によると`, `によれば`, `が報じた`, `は報じた`, `が伝えた`, `の取材に`, `のインタビューに`, `の報道`, `電`}

// toldTo are the words before a describer that make it the outlet told: "au journal X", "a la
// emisora X", "à l'agence X" (that one a word of its own: l'agence).
var toldToDescribers = []string{`journal`, `radio`, `agence`, `l'agence`, `chaine`, `quotidien`, `hebdomadaire`,
	`site`, `diario`, `periodico`, `emisora`, `agencia`, `cadena`, `medio`, `semanario`, `revista`, `televisora`}

// fold makes the phrases' letters match either case ("According to", "Según").
func fold(list []string) string { return `(?i:` + alt(list) + `)` }

// The phrases are found by their words (shingle's tokens, so case and accents do not matter);
// then a small regular expression looks for the outlet in a window of the text beside them. A
// single expression over whole paragraphs ran at 20 KB/s (RE2's NFA with every phrase and name
// alive at each byte): scan's reports read every text holding a passage.
var (
	// beforeOutlet is what follows a phrase of before: the outlet it names.
	beforeOutlet = regexp.MustCompile(`^\s+(?:(?i:a|à|au|an|to|with|mit|avec|con)\s+)?` + article + outlet + rb)
	// outletBefore is what precedes a phrase of after: the outlet, at the window's end.
	outletBeforeRE = regexp.MustCompile(lb + article + outlet + `,?\s+$`)
	// outletBeforeJa is an outlet right before a Japanese phrase (no space between).
	outletBeforeJaRE = regexp.MustCompile(`(?:` + alt(agencies) + `|` + alt(outlets) + `|` + alt(mediaWords) + `)$`)
	// toldToBefore precedes a describer that names the outlet told: "au", "a la".
	toldToBefore = regexp.MustCompile(lb + `(?i:au|à la|à|al|a la)\s+$`)
	// describedOutlet follows such a describer: the outlet's name.
	describedOutlet = regexp.MustCompile(`^\s+(?:` + alt(agencies) + `|` + alt(outlets) + `|` + name + `|` + quoted + `)`)
	// endAgency is a wire in brackets ending a paragraph: "… en Jaén. (EFE)".
	endAgency = regexp.MustCompile(`[(（]\s*` + alt(agencies) + `\s*[)）]\s*\.?\s*$`)

	// datelineRE finds a wire dateline at the start of a paragraph: "(Reuters) -", "(AP) —",
	// "(EFE).-", "/ТАСС/.", "— РИА Новости.", "【ワシントン共同】", or "AP —" alone.
	datelineRE = regexp.MustCompile(`^[^\n]*?(?:` +
		`[(（]\s*(?i:` + strings.Join(agencies, `|`) + `)(?:\s*[/,-]\s*[\p{L} ]+?)?\s*[)）]\s*(?:\.?\s*[-–—:]|\.-|\.—)` +
		`|/` + alt(agencies) + `/` +
		`|[-–—]\s*` + alt(agencies) + `\.` +
		`|【[^】]*` + alt(agencies) + `】` +
		`)|^\s*` + alt(agencies) + `\s*[-–—]\s`)

	// bylineRE finds a byline or a trailer that credits a wire.
	bylineRE = regexp.MustCompile(
		`^(?i:by|von|por|par)\s+[^\n]*?(?:,|\||-|—|–|/|(?i:of|for))\s*(?:(?i:the)\s+)?` + alt(agencies) + rb +
			`|(?i:reporting by|editing by|additional reporting by|writing by)` +
			`|(?:©|\([cC]\)|(?i:copyright))\s*\d{4}[^\n]*?` + alt(agencies) +
			`|` + alt(agencies) + `\s+(?i:contributed|writers?|reporters?|correspondents?)` +
			`|(?i:contributed to this report)` +
			`|(?i:this (?:story|article) (?:was|is) (?:originally )?(?:published|distributed|written|produced) by)` +
			`|^(?i:source|fuente|quelle|источник|出典)\s*[:：]\s*` + alt(agencies) +
			`|(?i:con información de|información de|mit material von|avec|по материалам)\s+(?:(?i:la agencia|l'|l’)\s*)?` + alt(agencies) +
			`|^[\s(（—–-]*` + alt(agencies) + `(?:\s*[/,]\s*` + alt(agencies) + `)*[\s)）.]*$`)

	// agencyNames are the agencies' names to look for before a dateline or byline expression
	// runs, lower-cased, without their patterns' endings.
	agencyNames = func() [][2]string {
		var out [][2]string
		for _, a := range agencies {
			a = strings.TrimSuffix(a, `\p{L}*`)
			out = append(out, [2]string{a, strings.ToLower(a)})
		}
		return out
	}()

	// bylineWords are the words of bylines and trailers that name no agency, lower-cased: the
	// expression is run on a paragraph that names an agency or holds one of these.
	bylineWords = []string{"reporting by", "editing by", "writing by", "contributed to this report", "this story", "this article"}
)

// triggerKind is what a phrase found in a text asks to look for around it.
type triggerKind uint8

const (
	outletAfter    triggerKind = iota // "according to" OUTLET
	outletBefore                      // OUTLET "reported"
	outletBeforeJa                    // OUTLET "によると"
	toldToOutlet                      // "au" DESCRIBER NAME
)

type trigger struct {
	words []string // the phrase's normalised words
	kind  triggerKind
}

// triggers are the phrases, by their first normalised word.
var triggers = func() map[string][]trigger {
	m := map[string][]trigger{}
	add := func(list []string, kind triggerKind) {
		for _, ph := range list {
			var words []string
			for _, t := range shingle.Tokenize(ph) {
				words = append(words, t.Norm)
			}
			if len(words) > 0 {
				m[words[0]] = append(m[words[0]], trigger{words, kind})
			}
		}
	}
	add(before, outletAfter)
	add(after, outletBefore)
	add(afterJa, outletBeforeJa)
	add(toldToDescribers, toldToOutlet)
	return m
}()

// mayTrigger has, for each first byte of a word, a bit for the lengths (31 for 31 and more) of
// the triggers' first words that start with it: most words are no trigger's, and this is
// cheaper than hashing them for the map (0.48 of 3.8 CPU seconds classifying Reuters-21578).
var mayTrigger = func() (b [256]uint32) {
	for w := range triggers {
		b[w[0]] |= 1 << min(len(w), 31)
	}
	return b
}()

// creditsOutlet reports whether a paragraph (bytes lo to hi of text, whose tokens are toks)
// credits an outlet for what it says.
func creditsOutlet(text string, lo, hi int, toks []shingle.Token) bool {
	para := text[lo:hi]
	if strings.HasSuffix(strings.TrimRight(para, " .\t"), ")") || strings.HasSuffix(strings.TrimRight(para, " .\t"), "）") {
		if endAgency.MatchString(para[max(0, len(para)-64):]) {
			return true
		}
	}
	for i, t := range toks {
		if t.Norm == "" || mayTrigger[t.Norm[0]]&(1<<min(len(t.Norm), 31)) == 0 {
			continue
		}
		for _, tr := range triggers[t.Norm] {
			n := len(tr.words)
			if i+n > len(toks) || !sameWords(toks[i:i+n], tr.words) {
				continue
			}
			start, end := t.Start, toks[i+n-1].End
			var ok bool
			switch tr.kind {
			case outletAfter:
				w := text[end:min(hi, end+windowBytes)]
				ok = nameNear(text, toks[i+n:min(len(toks), i+n+6)], end, hi) && mayNameOutlet(w) && beforeOutlet.MatchString(w)
			case outletBefore:
				w := text[max(lo, start-windowBefore):start]
				ok = i > 0 && nameNear(text, toks[i-1:i], max(lo, start-2), start) && mayNameOutlet(w) && outletBeforeRE.MatchString(w)
			case outletBeforeJa:
				ok = outletBeforeJaRE.MatchString(text[max(lo, start-windowBytes/2):start])
			case toldToOutlet:
				ok = toldToBefore.MatchString(text[max(lo, start-8):start]) && describedOutlet.MatchString(text[end:min(hi, end+windowBytes)]) ||
					strings.HasPrefix(t.Norm, "l'") && describedOutlet.MatchString(text[end:min(hi, end+windowBytes)])
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// windowBytes is how far after a phrase its outlet is looked for, windowBefore how far before
// (an expression unanchored at its start costs more per byte).
const (
	windowBytes  = 160
	windowBefore = 80
)

// lowerOutlets are the outlets whose names are written in lower case.
var lowerOutlets = map[string]bool{"dpa": true, "epd": true, "franceinfo": true, "n": true}

// nameNear reports whether an outlet's name may be among toks (the few words after a phrase, or
// the one before it) or in quotation marks in text[lo:hi]: one starts with a capital, or is a
// name written in lower case. It keeps the expressions off "per share", "profits reported".
func nameNear(text string, toks []shingle.Token, lo, hi int) bool {
	for _, t := range toks {
		w := text[t.Start:t.End]
		for _, elided := range []string{"l'", "l’", "d'", "d’"} { // l'AFP, d'Europe 1
			w = strings.TrimPrefix(w, elided)
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) || !unicode.IsLower(r) || lowerOutlets[t.Norm] {
			return true // a capital, a script without case (ТАСС is upper; 共同 has none)
		}
	}
	return strings.ContainsAny(text[lo:min(hi, lo+40)], "«„“\"»")
}

func sameWords(toks []shingle.Token, words []string) bool {
	for k, w := range words {
		if toks[k].Norm != w {
			return false
		}
	}
	return true
}

// headBytes is how far into a paragraph a dateline is looked for.
const headBytes = 200

// dateline reports whether a paragraph starts with a wire's dateline.
func dateline(para string) bool {
	head := para[:min(len(para), headBytes)]
	return mentionsAgency(head) && datelineRE.MatchString(head)
}

// mentionsAgency reports whether s names an agency (a name of five letters or more in any case:
// EUROPA PRESS; a shorter one as written: AP, not "map"): a cheap test before the expressions
// that look for datelines and bylines.
func mentionsAgency(s string) bool {
	if shortAgencies.in(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return longAgencies.in(strings.ToLower(s))
		}
	}
	return longAgencies.inASCIIFolded(s) // as in(strings.ToLower(s)), without the copy
}

// shortAgencies and longAgencies find agencyNames' names in a text by their first two bytes:
// the short names as written, the others lower-cased. One pass over the text instead of a
// strings.Contains for each of the 55 names: 200k synthetic articles' credits spent 2.3 of
// 11.7 CPU seconds on this test before it.
var shortAgencies, longAgencies = func() (*prefixTable, *prefixTable) {
	var short, long []string
	for _, a := range agencyNames {
		if len(a[0]) < 5 {
			short = append(short, a[0])
		} else {
			long = append(long, a[1])
		}
	}
	return newPrefixTable(short), newPrefixTable(long)
}()

// prefixTable finds any of a few names (of two bytes or more) in a text.
type prefixTable struct {
	at    [1 << 16]uint16 // a name's first two bytes: 1 + its list's index in lists; 0: no name
	lists [][]string
}

func newPrefixTable(names []string) *prefixTable {
	t := new(prefixTable)
	for _, n := range names {
		k := uint16(n[0])<<8 | uint16(n[1])
		if t.at[k] == 0 {
			t.lists = append(t.lists, nil)
			t.at[k] = uint16(len(t.lists))
		}
		t.lists[t.at[k]-1] = append(t.lists[t.at[k]-1], n)
	}
	return t
}

// in reports whether s holds one of the table's names.
func (t *prefixTable) in(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if j := t.at[uint16(s[i])<<8|uint16(s[i+1])]; j != 0 {
			for _, n := range t.lists[j-1] {
				if strings.HasPrefix(s[i:], n) {
					return true
				}
			}
		}
	}
	return false
}

// inASCIIFolded is in(strings.ToLower(s)) for an all-ASCII s, lower-casing as it reads.
func (t *prefixTable) inASCIIFolded(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if j := t.at[uint16(lowerASCII(s[i]))<<8|uint16(lowerASCII(s[i+1]))]; j != 0 {
		names:
			for _, n := range t.lists[j-1] {
				if len(s)-i < len(n) {
					continue
				}
				for k := 0; k < len(n); k++ {
					if lowerASCII(s[i+k]) != n[k] {
						continue names
					}
				}
				return true
			}
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// bylineWordTable finds bylineWords in a text.
var bylineWordTable = newPrefixTable(bylineWords)

// hasBylineWord reports whether s holds one of bylineWords, in any case: in one pass over an
// ASCII s, lower-casing as it reads (lowering a copy and looking for each word was a third of
// testing the ends of 200,000 synthetic articles for bylines).
func hasBylineWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return bylineWordTable.in(strings.ToLower(s))
		}
	}
	return bylineWordTable.inASCIIFolded(s)
}

// bylineMax is the longest paragraph taken for a byline or a trailer, in bytes.
const bylineMax = 240

// byline reports whether a short paragraph is a byline or a trailer crediting a wire.
func byline(para string) bool {
	if len(para) > bylineMax {
		return false
	}
	if !mentionsAgency(para) && !hasBylineWord(para) {
		return false
	}
	return mayBeByline(para) && bylineRE.MatchString(para)
}
