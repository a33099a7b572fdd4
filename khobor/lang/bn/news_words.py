"""Word lists for Bengali news pages: agencies, outlets, byline and page-furniture cues.

Plain data. Entries are written naturally; callers normalize them (see
``khobor.clean.normalize``) before matching, exactly as the text is.
"""

from __future__ import annotations

from khobor.lang.bn.suffixes import NAME_INFLECTIONS

# canonical name -> surface forms (Bengali and Latin). Short ambiguous forms
# ("তাস" also means playing cards) are listed in AMBIGUOUS_AGENCY_FORMS and
# only count next to a reporting verb or "বার্তা সংস্থা".
AGENCIES: dict[str, list[str]] = {
    "এএফপি": ["এএফপি", "AFP", "এজেন্স ফ্রান্স প্রেস"],
    "রয়টার্স": ["রয়টার্স", "রয়টার", "Reuters"],
    "এপি": ["এপি", "AP", "অ্যাসোসিয়েটেড প্রেস", "Associated Press"],
    "তাস": ["তাস", "TASS"],
    "রিয়া নভোস্তি": ["রিয়া নভোস্তি", "RIA Novosti"],
    "কেসিএনএ": ["কেসিএনএ", "KCNA", "কোরিয়ান সেন্ট্রাল নিউজ এজেন্সি"],
    "ইয়োনহাপ": ["ইয়োনহাপ", "Yonhap"],
    "সিনহুয়া": ["সিনহুয়া", "Xinhua"],
    "বাসস": ["বাসস", "BSS", "বাংলাদেশ সংবাদ সংস্থা"],
    "ইউএনবি": ["ইউএনবি", "UNB", "ইউনাইটেড নিউজ অব বাংলাদেশ"],
    "পিটিআই": ["পিটিআই", "PTI"],
    "আইএএনএস": ["আইএএনএস", "IANS"],
    "আনাদোলু": ["আনাদোলু", "Anadolu"],
    "ব্লুমবার্গ": ["ব্লুমবার্গ", "Bloomberg"],
    "বিবিসি": ["বিবিসি", "BBC"],
    "আল জাজিরা": ["আল জাজিরা", "আলজাজিরা", "Al Jazeera"],
    "সিএনএন": ["সিএনএন", "CNN"],
    "ইরনা": ["ইরনা", "IRNA"],
    "ডিপিএ": ["ডিপিএ", "dpa"],
}
AMBIGUOUS_AGENCY_FORMS = {"তাস", "এপি", "AP", "dpa"}

# Inflections an agency name takes when credited: রয়টার্সের, তাসের, এএফপিকে ...
AGENCY_SUFFIXES = list(NAME_INFLECTIONS)
# Words that make a short ambiguous form a credit: "তাস জানিয়েছে", "তাসের বরাত দিয়ে".
CREDIT_WORDS = ["জানায়", "জানিয়েছে", "জানিয়েছেন", "বলেছে", "বরাত", "মতে", "সূত্রে", "অনুযায়ী",
                "প্রতিবেদনে", "খবরে", "বার্তা সংস্থা", "সংবাদ সংস্থা", "জানাচ্ছে", "উদ্ধৃত"]

# Bengali outlets (and a few foreign ones that publish in Bengali).
OUTLETS: dict[str, list[str]] = {
    "প্রথম আলো": ["প্রথম আলো", "Prothom Alo", "prothomalo"],
    "যুগান্তর": ["যুগান্তর", "Jugantor"],
    "কালের কণ্ঠ": ["কালের কণ্ঠ", "Kaler Kantho"],
    "সমকাল": ["সমকাল", "Samakal"],
    "ইত্তেফাক": ["ইত্তেফাক", "দৈনিক ইত্তেফাক", "Ittefaq"],
    "বাংলা ট্রিবিউন": ["বাংলা ট্রিবিউন", "Bangla Tribune"],
    "বিডিনিউজ২৪": ["বিডিনিউজ২৪", "বিডিনিউজ টোয়েন্টিফোর", "bdnews24"],
    "ঢাকা পোস্ট": ["ঢাকা পোস্ট", "Dhaka Post"],
    "জাগো নিউজ": ["জাগো নিউজ", "জাগোনিউজ২৪", "Jago News"],
    "বাংলানিউজ২৪": ["বাংলানিউজ২৪", "বাংলানিউজ", "Banglanews24"],
    "মানবজমিন": ["মানবজমিন", "Manab Zamin"],
    "নয়া দিগন্ত": ["নয়া দিগন্ত", "Naya Diganta"],
    "জনকণ্ঠ": ["জনকণ্ঠ", "Janakantha"],
    "বণিক বার্তা": ["বণিক বার্তা", "Bonik Barta"],
    "দেশ রূপান্তর": ["দেশ রূপান্তর", "Desh Rupantor"],
    "আমাদের সময়": ["আমাদের সময়", "Amader Shomoy"],
    "ইনকিলাব": ["ইনকিলাব", "দৈনিক ইনকিলাব", "Inqilab"],
    "ভোরের কাগজ": ["ভোরের কাগজ", "Bhorer Kagoj"],
    "আজকের পত্রিকা": ["আজকের পত্রিকা", "Ajker Patrika"],
    "ডেইলি স্টার": ["ডেইলি স্টার", "The Daily Star"],
    "বিবিসি বাংলা": ["বিবিসি বাংলা", "BBC Bangla"],
    "ডয়চে ভেলে": ["ডয়চে ভেলে", "DW Bangla"],
    "আনন্দবাজার": ["আনন্দবাজার", "আনন্দবাজার পত্রিকা", "Anandabazar"],
    "মস্কো টাইমস": ["মস্কো টাইমস", "The Moscow Times"],
    "বাসস": ["বাসস", "বাংলাদেশ সংবাদ সংস্থা"],
    "ইউএনবি": ["ইউএনবি"],
}

# Desk and reporter phrases that make a short line a byline.
BYLINE_WORDS = ["নিজস্ব প্রতিবেদক", "স্টাফ রিপোর্টার", "প্রতিবেদক", "প্রতিনিধি", "সংবাদদাতা",
                "ডেস্ক", "অনলাইন ডেস্ক", "আন্তর্জাতিক ডেস্ক", "ডেস্ক রিপোর্ট", "লেখক", "রিপোর্টার",
                "করেসপন্ডেন্ট", "বিশেষ প্রতিনিধি", "আলোকচিত্রী", "ছবি ও লেখা", "Staff Correspondent", "Desk"]
# "By X" forms.
BYLINE_PREFIXES = ["লিখেছেন", "লেখা:", "প্রতিবেদন:", "By "]

# Labels that introduce a publication or update stamp.
DATE_LABELS = ["প্রকাশ", "প্রকাশিত", "প্রকাশের সময়", "আপডেট", "হালনাগাদ", "সর্বশেষ আপডেট",
               "সংশোধিত", "পোস্ট", "Published", "Updated", "Posted"]
UPDATE_LABELS = ["আপডেট", "হালনাগাদ", "সর্বশেষ আপডেট", "সংশোধিত", "Updated"]

# Page furniture: share/comment widgets, related-link teasers, section menus.
# These are cues scored together with shape features, never a verdict alone.
FURNITURE_WORDS = ["মন্তব্য করুন", "মন্তব্য", "শেয়ার", "শেয়ার করুন", "ফেসবুক", "টুইটার",
                   "হোয়াটসঅ্যাপ", "ইমেইল", "প্রিন্ট", "সাবস্ক্রাইব", "ফলো করুন", "বিজ্ঞাপন",
                   "উৎস লিঙ্ক", "সূত্র লিঙ্ক", "সর্বশেষ", "জনপ্রিয়", "সর্বাধিক পঠিত", "আরও পড়ুন",
                   "আরো পড়ুন", "আরও খবর", "আরো খবর", "সম্পর্কিত খবর", "এ সম্পর্কিত আরও", "পড়ুন",
                   "বিস্তারিত", "ট্যাগ", "ট্যাগস", "হোম", "প্রচ্ছদ", "সব খবর", "লাইভ", "ভিডিও",
                   "গুগল নিউজ", "ইউটিউব", "অ্যাপ", "ডাউনলোড", "ক্লিক করুন", "লগইন", "নিবন্ধন",
                   "গোপনীয়তা নীতি", "কপিরাইট", "সর্বস্বত্ব", "সম্পাদক", "প্রকাশক",
                   "Facebook", "Comments", "Share", "Tweet", "WhatsApp", "Read more", "Advertisement",
                   "Subscribe", "Copyright", "Related"]
# Lines that open a related-links teaser inside the body ("আরও পড়ুন: ...").
TEASER_PREFIXES = ["আরও পড়ুন", "আরো পড়ুন", "আরও পড়ুন", "পড়ুন", "আরও দেখুন", "আরো দেখুন",
                   "সম্পর্কিত", "এ সম্পর্কিত", "Read more", "Also read", "READ MORE"]
# Photo-credit words that end or open a caption: "... ছবি: রয়টার্স", "ফাইল ছবি".
CAPTION_WORDS = ["ছবি", "ফাইল ছবি", "ফটো", "সংগৃহীত ছবি", "ভিডিও থেকে নেওয়া", "Photo", "File photo"]
# Reader-address words: an outlet talking to its reader (donation appeals,
# newsletter boxes) rather than reporting. Counted outside quotation marks.
READER_ADDRESS = ["আপনি", "আপনার", "আপনাকে", "আপনাদের", "আপনারা", "প্রিয় পাঠক", "পাঠক"]
