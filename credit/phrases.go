package credit

import (
	"regexp"
	"strings"
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

// fold makes the phrases' letters match either case ("According to", "Según").
func fold(list []string) string { return `(?i:` + alt(list) + `)` }

var (
	// localCredit finds a phrase crediting an outlet in a paragraph.
	localCredit = regexp.MustCompile(
		lb + fold(before) + `\s+(?:(?i:a|à|au|an|to|with|mit|avec|con)\s+)?` + article + outlet + rb +
			`|` + lb + article + outlet + `,?\s+` + fold(after) + rb +
			`|` + alt(agencies) + alt(afterJa) + `|` + alt(outlets) + alt(afterJa) + `|` + alt(mediaWords) + alt(afterJa) +
			// told to an outlet: "au journal Ouest-France", "a la emisora W Radio"
			`|` + lb + `(?i:au|à la|à l'|à l’|al|a la)\s+` + alt(describers) + `\s+(?:` + alt(agencies) + `|` + alt(outlets) + `|` + name + `|` + quoted + `)` +
			// a wire in brackets ending the paragraph: "… en Jaén. (EFE)"
			`|[(（]\s*` + alt(agencies) + `\s*[)）]\s*\.?\s*$`)

	// datelineRE finds a wire dateline at the start of a paragraph: "(Reuters) -", "(AP) —",
	// "(EFE).-", "/ТАСС/.", "— РИА Новости.", "【ワシントン共同】", or "AP —" alone.
	datelineRE = regexp.MustCompile(`^.{0,120}?(?:` +
		`[(（]\s*(?i:` + strings.Join(agencies, `|`) + `)(?:\s*[/,-]\s*[\p{L} ]{1,20})?\s*[)）]\s*(?:\.?\s*[-–—:]|\.-|\.—)` +
		`|/` + alt(agencies) + `/` +
		`|[-–—]\s*` + alt(agencies) + `\.` +
		`|【[^】]{0,20}` + alt(agencies) + `】` +
		`)|^\s*` + alt(agencies) + `\s*[-–—]\s`)

	// bylineRE finds a byline or a trailer that credits a wire.
	bylineRE = regexp.MustCompile(
		`^(?i:by|von|por|par)\s+.{1,80}?(?:,|\||-|—|–|/|(?i:of|for))\s*(?:(?i:the)\s+)?` + alt(agencies) + rb +
			`|(?i:reporting by|editing by|additional reporting by|writing by)` +
			`|(?:©|\([cC]\)|(?i:copyright))\s*\d{4}.{0,40}?` + alt(agencies) +
			`|` + alt(agencies) + `\s+(?i:contributed|writers?|reporters?|correspondents?)` +
			`|(?i:contributed to this report)` +
			`|(?i:this (?:story|article) (?:was|is) (?:originally )?(?:published|distributed|written|produced) by)` +
			`|^(?i:source|fuente|quelle|источник|出典)\s*[:：]\s*` + alt(agencies) +
			`|(?i:con información de|información de|mit material von|avec|по материалам)\s+(?:(?i:la agencia|l'|l’)\s*)?` + alt(agencies) +
			`|^[\s(（—–-]*` + alt(agencies) + `(?:\s*[/,]\s*` + alt(agencies) + `)*[\s)）.]*$`)
)

// creditsOutlet reports whether a paragraph credits an outlet for what it says.
func creditsOutlet(para string) bool { return localCredit.MatchString(para) }

// dateline reports whether a paragraph starts with a wire's dateline.
func dateline(para string) bool { return datelineRE.MatchString(para) }

// bylineMax is the longest paragraph taken for a byline or a trailer, in bytes.
const bylineMax = 240

// byline reports whether a short paragraph is a byline or a trailer crediting a wire.
func byline(para string) bool { return len(para) <= bylineMax && bylineRE.MatchString(para) }
