"""Phrase banks for the demo journey. All invented; no real person's words."""

from __future__ import annotations

INTENTIONS = (
    "I am open to what comes up.",
    "I want to meet my tiredness with kindness.",
    "Show me what I keep avoiding, gently.",
    "I would like to feel my body again.",
    "I am curious about the grief I carry for Dad.",
    "Let me rest and trust the process.",
    "I want to understand why work feels so heavy.",
    "I am allowed to take up space.",
)
SESSION_NOTES = (
    "heavy arms, floating",
    "music feels like a colour",
    "thinking of the lake house",
    "a wave of sadness, then it passed",
    "breathing slower now",
    "everything is far away but safe",
    "the blanket helps",
    "remembered Dad's laugh",
    "a little nauseous; sipping water",
    "I keep smiling for no reason",
)
FRAGMENTS = (
    "blue light, the lake, a door that stayed open",
    "sad then calm. hands very warm.",
    "grandma's kitchen. the smell of bread.",
    "I was not my worries. just watching them.",
    "hard to find words. soft. big.",
    "music carried me. some nausea at the start.",
    "a long corridor, then sunlight",
)
INSIGHTS = (
    "I do not have to solve everything today; rest is part of the work.",
    "The critical voice is old and it is not the whole of me.",
    "I miss people more than I admit, and that is a reason to call them.",
    "My body has been bracing for years. It can soften.",
    "Grief and love are tangled together, and that is all right.",
    "I can say no at work without it meaning I am failing.",
)
EMOTIONS = (
    "sadness, then relief",
    "tenderness toward myself",
    "fear at first, later calm",
    "gratitude, a little embarrassment",
    "grief, warmth",
    "curiosity and lightness",
)
IMAGES = (
    "a lake at dawn, mist on the water",
    "my childhood bedroom, the yellow curtains",
    "a tree with roots going very deep",
    "walking through a field with Dad",
    "an endless staircase that felt friendly",
    "nothing visual, only sound and warmth",
)
HARD = (
    "the first ten minutes felt like falling",
    "the nausea while sipping",
    "a memory of the hospital came back",
    "feeling out of control for a while",
    "nothing was very hard this time",
)
INTEGRATION_STEPS = (
    "A ten-minute walk after lunch, three days this week.",
    "Call my sister on Sunday.",
    "Write one kind sentence to myself each evening.",
    "Leave work by six on two days.",
    "Play the guitar for fifteen minutes.",
    "Notice when I clench my jaw and breathe out slowly.",
)
MOOD_NOTES = (
    "slept badly",
    "good walk",
    "busy day, ok",
    "felt lighter today",
    "argued with A., made up",
    "tired but steady",
    "a good talk with Jordan",
    "low afternoon",
)
JOURNAL_TITLES = (
    "Evening notes",
    "After the walk",
    "Morning pages",
    "A small win",
    "Hard day",
    "Thinking about the session",
    "Sunday",
    "What I noticed",
    "Integration",
    "Letter to myself",
)
JOURNAL_OPENERS = (
    "Today was quieter than I expected.",
    "I woke up early and lay there listening to the rain.",
    "Work was a lot again.",
    "I went for the walk I promised myself.",
    "Alex made soup and we ate on the balcony.",
    "I keep coming back to something from the last session.",
    "A slow, gentle day.",
    "I noticed I was kinder to myself this morning.",
)
JOURNAL_SENTENCES = (
    "I caught the old critical voice and just let it talk without arguing.",
    "My shoulders were up near my ears until lunchtime.",
    "I called my sister and we laughed about the summer at the lake.",
    "Played guitar for a while; my fingers remembered more than I thought.",
    "The tiredness is still there, but it feels less like a wall.",
    "I wrote down two things I am grateful for: the light in the kitchen and the cat.",
    "In the afternoon a wave of sadness came and I let it pass.",
    "I said no to an extra project, politely, and nothing bad happened.",
    "I want to bring up the nausea with Dr. Rivera at the next check-in.",
    "I noticed I was holding my breath in meetings and practised breathing out slowly.",
    "We talked about Dad tonight and it felt lighter than it used to.",
    "Slept seven hours, which feels like a small miracle.",
    "I sat in the park and watched the dogs for twenty minutes.",
    "Integration feels less like homework and more like paying attention.",
    "Some days the change is so small I almost miss it.",
    "The insight from the session about rest keeps returning.",
    "I cooked a proper dinner for the first time in weeks.",
    "Jordan asked what I am practising this week; I said patience.",
)
TAGS = (
    "work",
    "family",
    "sleep",
    "grief",
    "walk",
    "music",
    "gratitude",
    "body",
    "insight",
    "nausea",
    "sister",
    "rest",
)
QUESTIONS = (
    "Is the nausea at the start something we can plan for differently?",
    "How long should I wait after a session before driving?",
    "Could the sessions be on Saturdays instead of Fridays?",
    "Is it normal that my sleep is better for three days after a session?",
    "What should I do if I feel very anxious in the first ten minutes?",
)
