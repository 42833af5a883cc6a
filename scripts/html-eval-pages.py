#!/usr/bin/env python3
"""Renders testdata/html/articles.txt into the HTML extraction set: six site layouts, five
articles each, testdata/html/<layout>/<n>.html with its expected main text in <n>.txt (the body
paragraphs and sub-headings, blank-line separated; no title, byline, date, captions or chrome) and
its expected metadata in <n>.meta. All text is neardup's own. Run from the repository root."""
import html, json, os, datetime

def load(path):
    arts, cur = [], None
    for block in open(path, encoding="utf-8").read().split("\n\n"):
        lines = [l for l in block.split("\n") if not l.startswith("#") or l.startswith("## ")]
        if not lines:
            continue
        if lines[0].startswith("== "):
            title, author, date = [s.strip() for s in lines[0][3:].split("|")]
            cur = {"title": title, "author": author, "date": date, "paras": []}
            arts.append(cur)
            lines = lines[1:]
        if lines:
            cur["paras"].append(" ".join(lines))
    return arts

E = html.escape

def body_html(paras, sub="h2", wrap=lambda p: "<p>%s</p>" % p, between=None):
    out = []
    for i, p in enumerate(paras):
        if p.startswith("## "):
            out.append("<%s>%s</%s>" % (sub, E(p[3:]), sub))
        else:
            out.append(wrap(E(p)))
        if between and i == 1:
            out.append(between)
    return "\n".join(out)

def longdate(d):
    t = datetime.date.fromisoformat(d)
    return "%d %s %d" % (t.day, t.strftime("%B"), t.year)

COMMENTS = [
    ("kestrel_77", "Finally. I have been saying this for years and nobody at the town hall would listen to a word of it."),
    ("Ruth M.", "Does anyone know whether this affects the people living on the east side, or only the centre? The article does not say."),
    ("old_harbour_hand", "Same story every time: announced with great fanfare, then delayed, then over budget. Wake me up when it is actually done."),
    ("Ben T", "Good news for once. Thanks to the reporter for explaining the background so clearly."),
    ("lindenleaf", "My neighbour works there and says the real problem is staffing, which nobody wants to talk about."),
    ("P. Sandoval", "I would like to see the full figures published rather than a summary handed out to the press."),
]

def comments(i, cls):
    pick = [COMMENTS[(i + k) % len(COMMENTS)] for k in range(3)]
    items = "\n".join('<li class="%s-comment"><span class="who">%s</span> <span class="ago">%d hours ago</span><p>%s</p><a href="#">Reply</a> <a href="#">Report</a></li>' % (cls, E(n), k + 2, E(t)) for k, (n, t) in enumerate(pick))
    return items


def related(arts, i, n=4):
    return [arts[(i + k * 7 + 3) % len(arts)]["title"] for k in range(n)]

def harbour(a, i, arts):  # classic: nav, cookie banner, <time>, related, newsletter, comments, footer
    rel = "\n".join('<li><a href="/news/%d">%s</a></li>' % (k, E(t)) for k, t in enumerate(related(arts, i)))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{E(a['title'])} | The Harbour Gazette</title>
<link rel="stylesheet" href="/static/site.css"><script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}</script></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to remember your settings, measure how our pages are used and show you advertising that matches your interests. You can change your choice at any time in the privacy settings at the bottom of every page.</p><button>Accept all</button> <button>Only necessary cookies</button></div>
<header class="site-header"><a class="logo" href="/">The Harbour Gazette</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<a class="subscribe" href="/subscribe">Subscribe from 1 a month</a></header>
<main>
<article class="story">
<h1>{E(a['title'])}</h1>
<div class="byline">By <a rel="author" href="/authors/{i}">{E(a['author'])}</a> · <time datetime="{a['date']}T07:30:00+01:00">{longdate(a['date'])}</time></div>
<div class="share"><a href="#">Share on social media</a> <a href="#">Email</a> <a href="#">Copy link</a></div>
<div class="story-body">
{body_html(a['paras'])}
</div>
</article>
<aside class="related"><h2>Related articles</h2><ul>
{rel}
</ul></aside>
<section class="newsletter"><h2>Morning briefing</h2><p>The day's most important local stories in your inbox at seven every morning, free of charge. Sign up with your email address and unsubscribe whenever you like.</p><form><input type="email" placeholder="Your email"><button>Sign up</button></form></section>
<section class="comments"><h2>Comments (3)</h2><ul>
{comments(i, 'hg')}
</ul><p>Comments are moderated and may take some time to appear. Please read our community guidelines before posting.</p></section>
</main>
<footer><p>The Harbour Gazette, 14 Quay Street. Independent local journalism since 1884.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact the newsroom</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li><li><a href="/advertise">Advertise with us</a></li></ul>
<p>Copyright 2026 Harbour Gazette Media. All rights reserved. No part of this site may be reproduced without written permission.</p></footer>
</body></html>
"""

def ledger(a, i, arts):  # div soup, meta dates and author, inline ads, "read more" link lists
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{E(a['title'])} - Metro Ledger</title>
<meta name="author" content="{E(a['author'])}">
<meta property="og:title" content="{E(a['title'])}">
<meta property="article:published_time" content="{a['date']}T09:15:00Z">
<meta name="description" content="{E(a['paras'][0][:120])}"></head>
<body><div class="wrapper"><div class="top-bar"><div class="top-links"><a href="/">Home</a> | <a href="/local">Local</a> | <a href="/traffic">Traffic</a> | <a href="/jobs">Jobs</a> | <a href="/classifieds">Classifieds</a> | <a href="/login">Log in</a></div>
<div class="weather-widget">Today: 14 degrees, light rain in the afternoon, wind from the west</div></div>
<div class="container"><div class="col-main"><div class="post">
<div class="post-title"><h1>{E(a['title'])}</h1></div>
<div class="post-meta">{E(a['author'])} | Metro Ledger staff</div>
<div class="post-content">
{body_html(a['paras'], sub="h3", between='<div class="ad-slot">Advertisement</div><div class="inline-promo">Read more: <a href="/local">All local news from the Metro Ledger</a></div>')}
</div>
<div class="post-tags">Tags: <a href="/t/local">local</a>, <a href="/t/city">city</a></div>
</div></div>
<div class="col-side"><div class="widget"><div class="widget-title">Most read this week</div>
{"".join('<div class="mr-item"><a href="/a/%d">%s</a></div>' % (k, E(t)) for k, t in enumerate(related(arts, i, 5)))}
</div><div class="widget"><div class="widget-title">Follow the Ledger</div><div>Get breaking news alerts on your phone and follow our reporters for live coverage of council meetings, court cases and elections.</div></div></div></div>
<div class="footer"><div>Metro Ledger is published by Ledger Press. Send tips and corrections to the city desk; we read every message and reply to most of them within a working day.</div><div><a href="/privacy">Privacy</a> · <a href="/cookies">Cookie settings</a> · <a href="/sitemap">Sitemap</a> · <a href="/rss">RSS feeds</a></div></div></div>
<script src="/js/ads.js"></script></body></html>
"""

def courier(a, i, arts):  # JSON-LD, figure with caption, pull quote aside, breadcrumbs, numbered most-read
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
                     "datePublished": a["date"] + "T06:00:00+00:00", "author": {"@type": "Person", "name": a["author"]}})
    pull = [p for p in a["paras"] if not p.startswith("## ")][1].split(".")[0] + "."
    return f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{E(a['title'])}</title>
<script type="application/ld+json">{ld}</script>
<style>.pull{{font-size:2em}}</style></head>
<body class="article-page">
<div class="skip"><a href="#content">Skip to content</a></div>
<header><div class="brand">Valley Courier</div><nav class="sections"><a href="/">Front page</a> <a href="/valley">The valley</a> <a href="/farming">Farming</a> <a href="/schools">Schools</a> <a href="/sport">Sport</a> <a href="/notices">Notices</a></nav></header>
<ol class="breadcrumbs"><li><a href="/">Home</a></li><li><a href="/valley">The valley</a></li></ol>
<div id="content" class="layout">
<article>
<header><h1 class="headline">{E(a['title'])}</h1><p class="author">{E(a['author'])}, Valley Courier</p></header>
<figure><img src="/img/{i}.jpg" alt=""><figcaption>Photograph: Valley Courier archive. The scene this week.</figcaption></figure>
{body_html(a['paras'])}
<aside class="pull"><p>{E(pull)}</p></aside>
</article>
<div class="most-read"><h3>Most read</h3><ol>{"".join('<li><a href="#">%s</a></li>' % E(t) for t in related(arts, i, 5))}</ol></div>
</div>
<div class="support-box"><h3>Support the Courier</h3><p>Local reporting costs money. If you value our coverage of the valley's councils, courts and schools, please consider a monthly contribution, however small.</p><a href="/support">Contribute</a></div>
<footer class="site-footer"><p>Valley Courier, Market Place 3. Registered as a newspaper. Editor: the editorial board.</p><p>Terms · Privacy · Accessibility · Contact</p></footer>
</body></html>
"""

def wire(a, i, arts):  # wire service: dateline in prose, no machine date, paragraphs in divs, topics list
    dl = longdate(a["date"])
    paras = "\n".join(('<div class="para subhead"><b>%s</b></div>' % E(p[3:])) if p.startswith("## ") else '<div class="para">%s</div>' % E(p) for p in a["paras"])
    return f"""<html><head><title>{E(a['title'])} | Northern Wire</title><meta name="robots" content="index,follow"></head>
<body><table class="masthead"><tr><td><b>NORTHERN WIRE</b></td><td><a href="/">Latest</a> <a href="/world">World</a> <a href="/region">Region</a> <a href="/markets">Markets</a></td></tr></table>
<div class="ticker">Markets: index up 0.4 per cent · oil steady · currency slightly weaker against the euro</div>
<div class="article">
<h2 class="head">{E(a['title'])}</h2>
<div class="dateline">{dl} · Reporting by {E(a['author'])}; editing by the regional desk</div>
{paras}
<div class="topics">Topics: Regional news · Public services · Northern Wire</div>
</div>
<div class="disclaimer">Northern Wire stories may be republished by subscribing news organisations under the terms of their licence. Other use requires permission from the rights department.</div>
<div class="more"><div>More from Northern Wire</div>{"".join('<div><a href="#">%s</a></div>' % E(t) for t in related(arts, i, 3))}</div>
</body></html>
"""

def civic(a, i, arts):  # <main>, meta plus <time> in header, long comments, login wall text
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{E(a['title'])} — Civic Post</title>
<meta property="og:site_name" content="Civic Post">
<meta name="date" content="{a['date']}">
<meta name="author" content="{E(a['author'])}"></head>
<body>
<nav class="navbar"><a href="/">Civic Post</a><a href="/city">City</a><a href="/region">Region</a><a href="/climate">Climate</a><a href="/letters">Letters</a><a href="/search">Search</a></nav>
<div class="banner">You have read 2 of 5 free articles this month. Create a free account to keep reading, or subscribe for unlimited access and no advertising.</div>
<main class="content">
<header class="article-header"><p class="kicker">City</p><h1>{E(a['title'])}</h1>
<p class="meta"><span class="by">{E(a['author'])}</span> <time datetime="{a['date']}">{a['date']}</time> · 3 min read</p></header>
<div class="article-text">
{body_html(a['paras'])}
</div>
<p class="correction-note">Spotted a mistake? Write to corrections@civicpost.example and we will look into it.</p>
</main>
<section id="discussion"><h2>Join the discussion</h2>
<ol>
{comments(i + 2, 'cp')}
</ol><button>Load more comments</button></section>
<section class="newsletter-signup"><h2>The Civic Post weekly</h2><p>Every Sunday, the week's council decisions explained in five minutes. No spam, no advertising, just the decisions that shape your street.</p><input type="email"><button>Subscribe</button></section>
<footer><nav><a href="/about">About</a> <a href="/ethics">Ethics policy</a> <a href="/jobs">Jobs</a> <a href="/privacy">Privacy</a></nav><p>© 2026 Civic Post cooperative.</p></footer>
</body></html>
"""

def blog(a, i, arts):  # simple blog layout: "Posted on" text date, sidebar archive, share text
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{E(a['title'])} :: Riverside Notes</title>
<meta property="article:published_time" content="{a['date']}"></head>
<body>
<div id="header"><h1 class="site-title"><a href="/">Riverside Notes</a></h1><p class="tagline">News and notes from the river towns, written by people who live here.</p></div>
<div id="wrap"><div id="post">
<h2 class="entry-title">{E(a['title'])}</h2>
<p class="postmeta">Posted on {longdate(a['date'])} by {E(a['author'])} in <a href="/c/news">News</a></p>
<div class="entry">
{body_html(a['paras'], sub="h3")}
</div>
<p class="share-this">Share this: <a href="#">Facebook</a> <a href="#">Email</a> <a href="#">Print</a></p>
<div class="post-nav"><a href="#">&laquo; Previous post</a> <a href="#">Next post &raquo;</a></div>
</div>
<div id="sidebar"><h4>Archives</h4><ul><li>December 2026</li><li>November 2026</li><li>October 2026</li><li>September 2026</li></ul>
<h4>About</h4><p>Riverside Notes is a volunteer-run site. We cover what the bigger papers miss: parish meetings, school fêtes, the state of the footpaths and the price of the ferry.</p>
<h4>Recent posts</h4><ul>{"".join('<li><a href="#">%s</a></li>' % E(t) for t in related(arts, i, 4))}</ul></div></div>
<div id="footer">Riverside Notes · powered by volunteers and strong coffee · <a href="/feed">Feed</a></div>
</body></html>
"""

LAYOUTS = [("harbour", harbour), ("ledger", ledger), ("courier", courier), ("wire", wire), ("civic", civic), ("blog", blog)]

def main():
    arts = load("testdata/html/articles.txt")
    for i, a in enumerate(arts):
        name, fn = LAYOUTS[i % len(LAYOUTS)]
        d = os.path.join("testdata/html", name)
        os.makedirs(d, exist_ok=True)
        stem = os.path.join(d, "%02d" % (i // len(LAYOUTS) + 1))
        with open(stem + ".html", "w", encoding="utf-8") as f:
            f.write(fn(a, i, arts))
        with open(stem + ".txt", "w", encoding="utf-8") as f:
            f.write("\n\n".join(p[3:] if p.startswith("## ") else p for p in a["paras"]) + "\n")
        with open(stem + ".meta", "w", encoding="utf-8") as f:
            f.write("title: %s\nauthor: %s\npublished: %s\n" % (a["title"], a["author"], a["date"]))

main()
