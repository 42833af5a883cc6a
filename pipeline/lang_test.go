package pipeline_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// langArticles are two articles per language, written for this test: the first is copied with
// its accents dropped and its quotation marks changed, the second is unrelated.
var langArticles = []struct {
	lang          string
	article, copy string
	other         string
}{
	{"es",
		"El ayuntamiento de la ciudad anunció el martes que las obras del puente peatonal empezarán en marzo. «La obra durará diecinueve semanas y costará treinta y ocho millones», dijo el alcalde, José López, ante los vecinos reunidos en la plaza.",
		"El ayuntamiento de la ciudad anuncio el martes que las obras del puente peatonal empezaran en marzo. \"La obra durara diecinueve semanas y costara treinta y ocho millones\", dijo el alcalde, Jose Lopez, ante los vecinos reunidos en la plaza.",
		"Los agricultores del valle esperan una cosecha de manzanas un tercio menor que la habitual después de la helada tardía de abril, que dañó las flores en muchos huertos de la zona baja."},
	{"de",
		"Die Bürgermeisterin kündigte am Dienstag an, dass die Arbeiten an der Fußgängerbrücke im März beginnen. „Die Bauzeit beträgt neunzehn Wochen, die Kosten liegen bei achtunddreißig Millionen“, sagte Anna Müller vor den Anwohnern auf dem Marktplatz.",
		"Die Burgermeisterin kundigte am Dienstag an, dass die Arbeiten an der Fussgangerbrucke im Marz beginnen. »Die Bauzeit betragt neunzehn Wochen, die Kosten liegen bei achtunddreissig Millionen«, sagte Anna Muller vor den Anwohnern auf dem Marktplatz.",
		"Die Obstbauern im Tal rechnen nach dem späten Frost im April mit einer Apfelernte, die um ein Drittel kleiner ausfällt als gewöhnlich, vor allem in den Obstgärten am Talboden."},
	{"fr",
		"Le maire a annoncé mardi que les travaux de la passerelle commenceront en mars. « Le chantier durera dix-neuf semaines et coûtera trente-huit millions », a déclaré Hélène Lefèvre devant les riverains réunis sur la place de l’église.",
		"Le maire a annonce mardi que les travaux de la passerelle commenceront en mars. “Le chantier durera dix-neuf semaines et coutera trente-huit millions”, a declare Helene Lefevre devant les riverains reunis sur la place de l'eglise.",
		"Les producteurs de pommes de la vallée s’attendent à une récolte réduite d’un tiers après le gel tardif d’avril, qui a abîmé les fleurs dans de nombreux vergers du fond de la vallée."},
	{"ru",
		"Мэр города объявил во вторник, что ремонт пешеходного моста начнётся в марте. «Работы продлятся девятнадцать недель и обойдутся в тридцать восемь миллионов», — сказал Пётр Семёнов жителям, собравшимся на площади.",
		"Мэр города объявил во вторник, что ремонт пешеходного моста начнется в марте. „Работы продлятся девятнадцать недель и обойдутся в тридцать восемь миллионов“, - сказал Петр Семенов жителям, собравшимся на площади.",
		"Садоводы долины ожидают, что урожай яблок будет на треть меньше обычного из-за позднего апрельского заморозка, повредившего цветы во многих садах."},
	{"ar",
		"أعلن رئيس البلدية يوم الثلاثاء أن أعمال صيانة جسر المشاة ستبدأ في شهر مارس. «ستستمر الأعمال تسعة عشر أسبوعًا وستكلف ثمانية وثلاثين مليونًا»، قال رئيس البلدية أمام السكان المجتمعين في الساحة.",
		"أعلن رئيس البلدية يوم الثلاثاء أن أعمال صيانة جسر المشاة ستبدأ في شهر مارس. \"ستستمر الأعمال تسعة عشر أسبوعا وستكلف ثمانية وثلاثين مليونا\"، قال رئيس البلدية أمام السكان المجتمعين في الساحة.",
		"يتوقع مزارعو التفاح في الوادي أن يكون المحصول أقل من المعتاد بمقدار الثلث بعد الصقيع المتأخر في شهر أبريل الذي أتلف الأزهار في كثير من البساتين."},
	{"zh",
		"市长周二宣布，人行桥的维修工程将于三月开始。“工程将持续十九周，耗资三千八百万”，市长在广场上对聚集的居民说。",
		"市长周二宣布，人行桥的维修工程将于三月开始。「工程将持续十九周，耗资三千八百万」，市长在广场上对聚集的居民说。",
		"由于四月下旬的霜冻损坏了许多果园的花朵，山谷里的果农预计今年的苹果收成将比往年减少三分之一。"},
	{"ja",
		"市長は火曜日、歩道橋の補修工事を三月に始めると発表した。「工事は十九週間続き、費用は三千八百万になる」と市長は広場に集まった住民に述べた。",
		"市長は火曜日、歩道橋の補修工事を三月に始めると発表した。『工事は十九週間続き、費用は三千八百万になる』と市長は広場に集まった住民に述べた。",
		"四月の遅霜で多くの果樹園の花が傷んだため、谷のりんご農家は今年の収穫が例年より三分の一少なくなると見込んでいる。"},
}

// TestLanguagesEndToEnd scans the articles of seven languages: each article and its copy (accents
// dropped, other quotation marks) are one exact cluster; the unrelated articles are in none.
func TestLanguagesEndToEnd(t *testing.T) {
	var b strings.Builder
	for _, la := range langArticles {
		for i, text := range []string{la.article, la.copy, la.other} {
			line, _ := json.Marshal(map[string]string{"id": la.lang + "-" + string(rune('a'+i)), "text": text})
			b.Write(append(line, '\n'))
		}
	}
	path := filepath.Join(t.TempDir(), "langs.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, pipeline.Options{}, path)
	got := map[string]bool{}
	for _, c := range clusterSets(res) {
		got[c] = true
	}
	for _, la := range langArticles {
		want := pipeline.KindExact + ": " + la.lang + "-a " + la.lang + "-b"
		if !got[want] {
			t.Errorf("%s: no cluster %q; clusters %q", la.lang, want, clusterSets(res))
		}
	}
	if len(got) != len(langArticles) {
		t.Errorf("clusters %q, want one per language", clusterSets(res))
	}
}
