"""Clinical filler that is NOT PHI: drugs with doses, scores, vitals, eponyms, times and
sentences where name-like words (hope, will, grace, may, mark, bill...) are ordinary words.

Every template sprinkles these in, so detectors are tested on what they must leave alone.
"""

from __future__ import annotations

from context import Ctx

DRUGS = (
    "sertraline 100 mg daily|Zoloft 50mg|fluoxetine 20 mg|Lexapro 10 mg qAM|escitalopram 15mg|"
    "Wellbutrin XL 300 mg|bupropion SR 150 mg BID|trazodone 50 mg qhs PRN sleep|mirtazapine "
    "15 mg qhs|lithium carbonate 600 mg BID|Depakote ER 1000 mg|lamotrigine 200 mg|quetiapine "
    "100 mg qhs|Seroquel 25 mg PRN|aripiprazole 5 mg|Abilify Maintena 400 mg IM q4wk|olanzapine "
    "10 mg|Zyprexa Zydis 5 mg|clonazepam 0.5 mg BID PRN|lorazepam 1 mg PO q6h PRN|Ativan 2 mg IM|"
    "Haldol 5 mg IM|hydroxyzine 25 mg TID PRN anxiety|buspirone 15 mg BID|prazosin 2 mg qhs|"
    "Adderall XR 20 mg|Vyvanse 30 mg|Concerta 36 mg|guanfacine ER 1 mg|atomoxetine 40 mg|"
    "Suboxone 8/2 mg SL daily|buprenorphine 16 mg|naltrexone 50 mg|Vivitrol 380 mg IM|"
    "gabapentin 300 mg TID|propranolol 10 mg PRN|clozapine 300 mg|Cogentin 1 mg|melatonin 3 mg|"
    "levothyroxine 75 mcg|metformin 500 mg BID|lisinopril 10 mg|Narcan 4 mg nasal spray"
).split("|")
SCORES = (
    "PHQ-9 = 11|PHQ-9 score 17|PHQ-9: 6|GAD-7 14|GAD-7 = 9|mood 6/10|mood 3/10|anxiety 7/10|"
    "MoCA 17/30|MoCA 24/30|MMSE 22/30|AUDIT-C 7|PCL-5 48|BDI-II 29|C-SSRS screen negative|"
    "CIWA 8|COWS 12|YMRS 18|EPDS 15|pain 3/10|sleep quality 4/10|SUDS 80 -> 40|ASRS 5/6|"
    "Columbia screen positive for passive SI|DAST-10 4|Vanderbilt positive for inattention"
).split("|")
EPONYMS = (
    "Parkinson's disease|Alzheimer's dementia|Tourette's disorder|Asperger's profile (historical "
    "dx)|Hashimoto's thyroiditis|Crohn's disease|Cushing's syndrome|Bell's palsy|Graves' disease|"
    "Wernicke's encephalopathy|Korsakoff syndrome|Down syndrome|Lou Gehrig's disease|Hodgkin's "
    "lymphoma|Raynaud's phenomenon|Sjogren's syndrome|Huntington's disease|Epstein-Barr virus"
).split("|")
INSTRUMENTS = (
    "Beck Depression Inventory|Beck Anxiety Inventory|Young Mania Rating Scale|Hamilton Rating "
    "Scale for Depression|Edinburgh Postnatal Depression Scale|Glasgow Coma Scale|Conners 3|"
    "WISC-V|Columbia Suicide Severity Rating Scale|Montreal Cognitive Assessment|Brief "
    "Psychiatric Rating Scale|Wechsler Adult Intelligence Scale|Mini-Mental State Exam"
).split("|")
THERAPIES = (
    "CBT|DBT skills|EMDR|ACT|TF-CBT|CPT|motivational interviewing|exposure and response "
    "prevention|the Gottman method|PCIT|IOP|PHP|SMART Recovery|AA meetings|NA|IPT|mindfulness"
).split("|")
WORD_USES = [
    "Pt expressed hope that things will improve.",
    "Will continue current plan.",
    "Will f/u next week.",
    "Rent is in a grace period until the end of the month.",
    "Discussed the medical bill that went to collections.",
    "Mark on left forearm, healing.",
    "Reports faith community has been supportive.",
    "Little joy in usual activities.",
    "Plans to take summer classes.",
    "Rose from bed late most days.",
    "Sleeping until dawn.",
    "Enjoys art and drawing.",
    "Likes to chase the dog in the yard.",
    "Reports she may relapse.",
    "Patient may benefit from a higher level of care.",
    "Hunter green sweatshirt, appropriate.",
    "Feels like a bill collector is always calling.",
    "Wants to mark the anniversary quietly.",
    "Art therapy group attended.",
    "Hopeful about the new job.",
    "Says there is no hope.",
    "Grace before meals is a family ritual.",
    "Brown hair, neatly groomed.",
    "Stone-faced at times, brightens with humor.",
    "Goal: will use coping card daily.",
    "Daily walks in the park.",
    "Baker's schedule; works early shifts.",
    "Moody and irritable.",
    "Frank discussion about drinking.",
    "Long day at work.",
    "Young children at home.",
]
MOODS = (
    "depressed",
    "anxious",
    "euthymic",
    "irritable",
    '"okay"',
    '"tired"',
    "dysphoric",
    "labile",
    '"stressed out"',
    "flat",
    '"better"',
    "worried",
)


def drug(c: Ctx) -> str:
    return c.ch(*DRUGS)


def score(c: Ctx) -> str:
    return c.ch(*SCORES)


def eponym(c: Ctx) -> str:
    return c.ch(*EPONYMS)


def therapy(c: Ctx) -> str:
    return c.ch(*THERAPIES)


def word_use(c: Ctx) -> str:
    return c.ch(*WORD_USES)


def mood(c: Ctx) -> str:
    return c.ch(*MOODS)


def time_(c: Ctx) -> str:
    h, m = c.rng.randint(7, 19), c.ch("00", "15", "30", "45", "10", "50")
    return c.ch(f"{h}:{m}", f"{h:02d}{m}", f"{(h - 1) % 12 + 1}:{m} {'AM' if h < 12 else 'PM'}")


def duration(c: Ctx) -> str:
    return c.ch(
        "45 minutes",
        "53 min",
        "30 minutes",
        "60 min",
        "2 weeks",
        "3 months",
        "x3 days",
        "about 6 weeks",
        "90 minutes",
        "1 hour",
        "two years",
    )


def vitals(c: Ctx) -> str:
    r = c.rng
    return (
        f"BP {r.randint(100, 162)}/{r.randint(60, 98)}, HR {r.randint(54, 112)}, "
        f"RR {r.randint(12, 22)}, T {r.choice(['97.8', '98.2', '98.6', '99.1', '36.8C'])}, "
        f"SpO2 {r.randint(92, 100)}% RA"
    )


def mse(c: Ctx) -> str:
    dress = c.ch("casually dressed", "disheveled", "well groomed", "in scrubs")
    speech = c.ch("normal rate and volume", "pressured", "soft, slowed", "hyperverbal")
    affect = c.ch("constricted", "congruent", "tearful", "full range", "blunted")
    process = c.ch("linear", "circumstantial", "tangential at times", "goal-directed")
    si = c.ch(
        "denies SI/HI",
        "endorses passive SI without plan or intent, denies HI",
        "denies current SI, hx of SI in 2019",
    )
    return (
        f"Appearance: {dress}, {c.ch('good', 'fair', 'limited')} eye contact. Speech {speech}. "
        f"Mood {mood(c)}; affect {affect}. Thought process {process}. Denies AH/VH. "
        f"Pt {si}. "
        f"Insight {c.ch('fair', 'limited', 'good')}, judgment {c.ch('fair', 'intact', 'impaired')}."
    )


def risk(c: Ctx) -> str:
    return c.ch(
        "Risk: low acute risk; protective factors include children, faith and engagement in tx.",
        "Safety plan reviewed and updated; pt verbalized crisis numbers including 988.",
        "C-SSRS screen negative. No access to firearms per pt.",
        "Moderate chronic risk, low acute. Means restriction discussed; pills locked up.",
        "Denies SI/HI. No safety concerns identified today.",
    )


def filler(c: Ctx, n: int = 2) -> str:
    """A few sentences of non-PHI clinical content mixing doses, scores and word-like names."""
    bits = [
        f"Taking {drug(c)}, reports {c.ch('good', 'partial', 'poor')} adherence.",
        f"Scores today: {score(c)}, {score(c)}.",
        f"Hx of {eponym(c)} per chart.",
        f"Continues {therapy(c)} work.",
        word_use(c),
        f"Session length {duration(c)}.",
        f"Sleep {c.rng.randint(3, 9)} hrs/night; appetite {c.ch('decreased', 'ok', 'increased')}.",
        f"Completed the {c.ch(*INSTRUMENTS)} this visit.",
        f"Moved here from {c.ch('Ohio', 'Texas', 'Mexico', 'Vietnam', 'Florida', 'Poland')} in "
        f"{c.rng.randint(1995, 2021)}.",
    ]
    c.rng.shuffle(bits)
    return " ".join(bits[:n])
