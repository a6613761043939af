"""The rule layer (`transfer_event_extractor`) on sentences written for the project: every
type, stage and shape. These are the candidates the trained scorer then keeps or drops;
`test_scorer.py` checks what the whole pipeline keeps of them."""

from __future__ import annotations

import pytest

import transfer_nlp
from transfer_nlp.schema import Event

# (text, type, person, from_club, to_club, status); None = slot not checked.
# fmt: off
CASES = [
    ('Raheem Sterling joins Arsenal from Chelsea.', 'signing', 'Raheem Sterling', 'Chelsea', 'Arsenal', 'confirmed'),
    ('Arsenal have signed Declan Rice from West Ham for £105m.', 'signing', 'Declan Rice', 'West Ham United', 'Arsenal', 'confirmed'),
    ('Manchester United completed the signing of Manuel Ugarte from Paris Saint-Germain for an initial £42.3m.', 'signing', 'Manuel Ugarte', 'Paris Saint-Germain', 'Manchester United', 'confirmed'),
    ('Kai Havertz swapped Chelsea for Arsenal in a £65m deal.', 'signing', 'Kai Havertz', 'Chelsea', 'Arsenal', 'confirmed'),
    ('Liverpool have completed the £35m signing of Alexis Mac Allister.', 'signing', 'Alexis Mac Allister', None, 'Liverpool', 'confirmed'),
    ('Jadon Sancho joined Manchester United from Borussia Dortmund for £73m in 2021.', 'signing', 'Jadon Sancho', 'Borussia Dortmund', 'Manchester United', 'confirmed'),
    ('Bayern Munich confirmed the arrival of Harry Kane from Tottenham Hotspur.', 'signing', 'Harry Kane', 'Tottenham Hotspur', 'Bayern Munich', 'confirmed'),
    ('Brighton sold Moises Caicedo to Chelsea for a British record fee.', 'signing', 'Moises Caicedo', 'Brighton & Hove Albion', 'Chelsea', 'confirmed'),
    ('Arsenal capture Sterling with cut-price deal.', 'signing', 'Sterling', None, 'Arsenal', None),
    ('Newcastle land Sandro Tonali from AC Milan for £55m.', 'signing', 'Sandro Tonali', 'AC Milan', 'Newcastle United', 'confirmed'),
    ('Celtic have snapped up Adam Idah from Norwich City.', 'signing', 'Adam Idah', 'Norwich City', 'Celtic', 'confirmed'),
    ('Benfica striker Darwin Nunez has joined Liverpool.', 'signing', 'Darwin Nunez', 'Benfica', 'Liverpool', 'confirmed'),
    ('Enzo Fernandez moved to Chelsea from Benfica in January.', 'signing', 'Enzo Fernandez', 'Benfica', 'Chelsea', 'confirmed'),
    ('Real Madrid are close to confirming the signing of Trent Alexander-Arnold from Liverpool.', 'signing', 'Trent Alexander-Arnold', 'Liverpool', 'Real Madrid', 'negotiating'),
    ('Tottenham have agreed a fee with Bayern Munich for Mathys Tel.', 'signing', 'Mathys Tel', 'Bayern Munich', 'Tottenham Hotspur', 'agreed'),
    ('Bruno Guimaraes is set to join Newcastle from Lyon.', 'signing', 'Bruno Guimaraes', 'Lyon', 'Newcastle United', 'agreed'),
    ('Spurs could table a £5m offer for young Chelsea forward Daniel Sturridge next month.', 'signing', 'Daniel Sturridge', 'Chelsea', 'Tottenham Hotspur', None),
    ('Manchester United have had a £50m bid for Brighton midfielder Carlos Baleba rejected.', 'signing', 'Carlos Baleba', 'Brighton & Hove Albion', 'Manchester United', 'off'),
    ('Liverpool are monitoring Bayer Leverkusen winger Jeremie Frimpong.', 'signing', 'Jeremie Frimpong', 'Bayer Leverkusen', 'Liverpool', 'rumour'),
    ('Arsenal are interested in Real Sociedad midfielder Martin Zubimendi.', 'signing', 'Martin Zubimendi', 'Real Sociedad', 'Arsenal', 'rumour'),
    ('Chelsea are in talks with Villarreal over a move for goalkeeper Filip Jorgensen.', 'signing', 'Filip Jorgensen', None, 'Chelsea', 'negotiating'),
    ('Barcelona want Nico Williams from Athletic Bilbao.', 'signing', 'Nico Williams', None, 'Barcelona', 'rumour'),
    ('Juventus have been linked with Jonathan David.', 'signing', 'Jonathan David', None, 'Juventus', 'rumour'),
    ("Aston Villa have made an offer for Jhon Duran's replacement, Evann Guessand.", 'signing', 'Evann Guessand', None, 'Aston Villa', 'negotiating'),
    ('Inter have opened talks with Lazio over Nicolo Rovella.', 'signing', 'Nicolo Rovella', None, 'Inter', 'negotiating'),
    ('Napoli turned down a €70m offer from PSG for Khvicha Kvaratskhelia.', 'signing', 'Khvicha Kvaratskhelia', 'Napoli', None, 'off'),
    ('The deal for Ivan Toney to Al-Ahli has collapsed.', 'signing', 'Ivan Toney', None, None, 'off'),
    ('Atletico Madrid have reached an agreement with Manchester City for Julian Alvarez.', 'signing', 'Julian Alvarez', 'Manchester City', 'Atlético Madrid', 'agreed'),
    ('Chelsea loaned Jadon Sancho from Manchester United with an obligation to buy.', 'loan', 'Jadon Sancho', 'Manchester United', 'Chelsea', 'confirmed'),
    ('Raheem Sterling joins Arsenal on loan until the end of the season.', 'loan', 'Raheem Sterling', None, 'Arsenal', 'confirmed'),
    ('Conor Gallagher has joined Crystal Palace on a season-long loan from Chelsea.', 'loan', 'Conor Gallagher', 'Chelsea', 'Crystal Palace', 'confirmed'),
    ('Everton are set to sign Jack Harrison on loan from Leeds United.', 'loan', 'Jack Harrison', 'Leeds United', 'Everton', 'agreed'),
    ('Roma have borrowed Tammy Abraham from Chelsea for the campaign.', 'loan', 'Tammy Abraham', 'Chelsea', 'Roma', 'confirmed'),
    ('Thomas Tuchel has been appointed England head coach.', 'coach_appointment', 'Thomas Tuchel', None, 'England', 'confirmed'),
    ('Carlo Ancelotti will take charge of the Brazilian national team.', 'coach_appointment', 'Carlo Ancelotti', None, 'Brazil', None),
    ('Chelsea have appointed Enzo Maresca as their new head coach.', 'coach_appointment', 'Enzo Maresca', None, 'Chelsea', 'confirmed'),
    ('Real Madrid are finalising a deal for Xabi Alonso to become their new coach.', 'coach_appointment', 'Xabi Alonso', None, 'Real Madrid', 'negotiating'),
    ('Bayern Munich named Vincent Kompany as manager on Wednesday.', 'coach_appointment', 'Vincent Kompany', None, 'Bayern Munich', 'confirmed'),
    ('Ruben Amorim will take over as Manchester United manager next week.', 'coach_appointment', 'Ruben Amorim', None, 'Manchester United', None),
    ('Ange Postecoglou has been hired by Nottingham Forest as their new manager.', 'coach_appointment', 'Ange Postecoglou', None, 'Nottingham Forest', 'confirmed'),
    ('Everton have sacked Sean Dyche.', 'departure', 'Sean Dyche', 'Everton', None, 'confirmed'),
    ('Erik ten Hag was dismissed by Manchester United on Monday.', 'departure', 'Erik ten Hag', 'Manchester United', None, 'confirmed'),
    ('Jurgen Klopp will leave Liverpool at the end of the season.', 'departure', 'Jurgen Klopp', 'Liverpool', None, None),
    ('Gareth Southgate resigned as England manager after the Euros.', 'departure', 'Gareth Southgate', None, None, 'confirmed'),
    ('Leicester City have parted ways with Steve Cooper.', 'departure', 'Steve Cooper', 'Leicester City', None, 'confirmed'),
    ('Wolves released Mario Lemina at the end of his contract.', 'departure', 'Mario Lemina', 'Wolverhampton Wanderers', None, 'confirmed'),
    ('Celtic captain Callum McGregor has signed a new contract with the club until 2028.', 'contract_extension', 'Callum McGregor', None, 'Celtic', 'confirmed'),
    ('Bukayo Saka has extended his contract with Arsenal until 2027.', 'contract_extension', 'Bukayo Saka', None, 'Arsenal', 'confirmed'),
    ('Mohamed Salah has signed a new two-year deal at Liverpool.', 'contract_extension', 'Mohamed Salah', None, 'Liverpool', 'confirmed'),
    ('Manchester City have renewed the contract of Phil Foden.', 'contract_extension', 'Phil Foden', None, 'Manchester City', 'confirmed'),
    ('Toni Kroos retired from football after Euro 2024.', 'retirement', 'Toni Kroos', None, None, 'confirmed'),
    ('Veteran goalkeeper Fraser Forster announced his retirement on Tuesday.', 'retirement', 'Fraser Forster', None, None, 'confirmed'),
    ('Former Real Madrid defender Pepe has retired at the age of 41.', 'retirement', 'Pepe', None, None, 'confirmed'),
    ('Jude Bellingham impressed again. The 21-year-old joined Real Madrid from Borussia Dortmund in 2023.', 'signing', 'Jude Bellingham', 'Borussia Dortmund', 'Real Madrid', 'confirmed'),
    ('Marcus Rashford was left out of the squad. He has joined Aston Villa on loan.', 'loan', 'Marcus Rashford', None, 'Aston Villa', 'confirmed'),
    ('Bryan Mbeumo starred for Brentford. The winger could join Manchester United this summer.', 'signing', 'Bryan Mbeumo', None, 'Manchester United', 'rumour'),
    ('Alessia Russo starred for England. She has joined Arsenal from Manchester United.', 'signing', 'Alessia Russo', 'Manchester United', 'Arsenal', 'confirmed'),
    ('Portland Thorns have signed midfielder Sam Coffey from Penn State.', 'signing', 'Sam Coffey', None, 'Portland Thorns', 'confirmed'),
    ('Juventus have bought Filippo Inzaghi from Atalanta, and Daniel Fonseca from Roma.', 'signing', 'Daniel Fonseca', 'Roma', 'Juventus', 'confirmed'),
    ('Arsenal spend £3.5 million on Brazilian full back Silvinho.', 'signing', 'Silvinho', None, 'Arsenal', 'confirmed'),
    ('Everton had a busy deadline day. They signed Kevin Kilbane from Sunderland for £1m.', 'signing', 'Kevin Kilbane', 'Sunderland', 'Everton', 'confirmed'),
    ("Cole Palmer is Chelsea's latest signing from Manchester City.", 'signing', 'Cole Palmer', 'Manchester City', 'Chelsea', None),
    ('Everton signed Francis Jeffers on loan from Arsenal and bought Kevin Kilbane from Sunderland.', 'signing', 'Kevin Kilbane', 'Sunderland', 'Everton', 'confirmed'),
    ('Everton signed Francis Jeffers on loan from Arsenal and bought Kevin Kilbane from Sunderland.', 'loan', 'Francis Jeffers', 'Arsenal', 'Everton', 'confirmed'),
    ('Hibernian have sacked Paul Heckingbottom. Eddie May will take charge of the team on an interim basis.', 'coach_appointment', 'Eddie May', None, 'Hibernian', 'confirmed'),
    ('Bayern have spent little, with defender Massimo Oddo joining from AC Milan on a loan deal, while midfielder Tim Borowski arrived on a free transfer.', 'loan', 'Massimo Oddo', 'AC Milan', None, 'confirmed'),
    ('Bayern have spent little, with defender Massimo Oddo joining from AC Milan on a loan deal, while midfielder Tim Borowski arrived on a free transfer.', 'signing', 'Tim Borowski', None, None, 'confirmed'),
    # regressions: headline surnames the model calls ORG, appointments without a coach word,
    # announced "will" moves, negation in another clause
    ('Man Utd sign Ugarte as McTominay joins Napoli', 'signing', 'McTominay', None, 'Napoli', 'confirmed'),
    ('Inter appoints Cristian Chivu after a long search.', 'coach_appointment', 'Cristian Chivu', None, 'Inter', 'confirmed'),
    ('The club announced that Eddie May will take charge of Hibernian on an interim basis.', 'coach_appointment', 'Eddie May', None, 'Hibernian', 'confirmed'),
    ('New signings have not been ruled out after the retirement of Toni Kroos last summer.', 'retirement', 'Toni Kroos', None, None, 'confirmed'),
    ('Manager Harry Redknapp also landed goalkeeper Pavel Srnicek from Newcastle.', 'signing', 'Pavel Srnicek', 'Newcastle United', None, 'confirmed'),
    ("Leicester also brought in Everton's highly-rated young full-back Jake O'Brien on a month's loan.", 'loan', "Jake O'Brien", 'Everton', 'Leicester City', None),
    ('Brentford announced that Ethan Pinnock will go on loan to Ipswich Town until the summer.', 'loan', 'Ethan Pinnock', 'Brentford', 'Ipswich Town', None),
    ('Wolves have also loaned out the 19-year-old winger Tom Marsh to Blackburn Rovers.', 'loan', 'Tom Marsh', 'Wolverhampton Wanderers', 'Blackburn Rovers', None),
    ('Sunderland flogged Danny Carr to Burnley for a tidy £4 million.', 'signing', 'Danny Carr', 'Sunderland', 'Burnley', None),
    ('Declan Rice is still stalling negotiations on his pending contract with West Ham.', 'contract_extension', 'Declan Rice', None, 'West Ham United', 'negotiating'),
    ('Tom Aldred and Joe Shaughnessy are understood to have agreed to new deals with Hearts.', 'contract_extension', 'Tom Aldred', None, 'Hearts', 'agreed'),
    ('Al Ain recruited the former Fulham manager, Chris Coleman, as coach.', 'coach_appointment', 'Chris Coleman', None, 'Al Ain', 'confirmed'),
    ('Rangers said they have signed their veteran striker Kris Boyd to a one-year contract extension.', 'contract_extension', 'Kris Boyd', None, 'Rangers', 'confirmed'),
    ('Hibs completed the permanent deals for Dylan Levitt and Jordan Obita, along with Ryan Porteous on a season-long loan.', 'signing', 'Jordan Obita', None, 'Hibernian', 'confirmed'),
    ('Everton bought Kevin Kilbane from Sunderland, young striker James McFadden from Motherwell and Nigel Martyn from Leeds.', 'signing', 'Nigel Martyn', 'Leeds United', 'Everton', 'confirmed'),
    ('Having helped Celtic reach a final where they lost to Chelsea, Kieran Tierney was loaned to Real Sociedad.', 'loan', 'Kieran Tierney', None, 'Real Sociedad', 'confirmed'),
    ('Pisa has introduced coach Alberto Gilardino to replace Filippo Inzaghi.', 'coach_appointment', 'Alberto Gilardino', None, 'Pisa', 'confirmed'),
    ('Pisa has introduced coach Alberto Gilardino to replace Filippo Inzaghi.', 'departure', 'Filippo Inzaghi', 'Pisa', None, 'confirmed'),
    ('Former Barnsley boss Paul Heckingbottom was given the job by Hibernian in March.', 'coach_appointment', 'Paul Heckingbottom', None, 'Hibernian', 'confirmed'),
    ('Former manager Neil Warnock has been placed in temporary charge of Queens Park Rangers.', 'coach_appointment', 'Neil Warnock', None, 'Queens Park Rangers', 'confirmed'),
    ('Celtic are busy. The club are also in discussions with Benfica over a loan move for midfielder Paulo Bernardo.', 'loan', 'Paulo Bernardo', 'Benfica', 'Celtic', 'negotiating'),
    ('Inter have closed an agreement with Cagliari for winger Raoul Bellanova and with Empoli for midfielder Kristjan Asllani.', 'signing', 'Kristjan Asllani', 'Empoli', 'Inter', None),
    ('Juventus sold Fabrizio Ravanelli to Middlesbrough and Gianluca Vialli to Chelsea.', 'signing', 'Gianluca Vialli', 'Juventus', 'Chelsea', 'confirmed'),
    ('Elliot Anderson joined Nottingham Forest after impressing for Bristol Rovers on loan.', 'signing', 'Elliot Anderson', None, 'Nottingham Forest', 'confirmed'),
    ('Hibs made it five signings of the summer, following the deals for Dylan Levitt, Josh Campbell and Rocky Bushiri.', 'signing', 'Rocky Bushiri', None, 'Hibernian', 'confirmed'),
    ('Van Egmond remains at the club and is likely to take charge of the squad in the interim.', 'coach_appointment', 'Van Egmond', None, None, 'rumour'),
    ('The 24-year-old passed a medical before Tottenham brought in full-back Paul Konchesky on loan.', 'loan', 'Paul Konchesky', None, 'Tottenham Hotspur', 'confirmed'),
    ('Redknapp was angling for Spurs to sign David James from Portsmouth, but nothing came of it.', 'signing', 'David James', 'Portsmouth', 'Tottenham Hotspur', 'off'),
    ('May was in interim charge of Hibs following the departure of Neil Lennon as manager in January.', 'departure', 'Neil Lennon', None, None, 'confirmed'),
    ("Many deals were done, with former Bayern Munich teammate Thiago Alcantara's move to Liverpool among them.", 'signing', 'Thiago Alcantara', 'Bayern Munich', 'Liverpool', 'confirmed'),
    ('Patrick Kluivert, the Holland and Ajax centre forward, has been signed by AC Milan.', 'signing', 'Patrick Kluivert', 'Ajax', 'AC Milan', 'confirmed'),
    ('Tottenham were busy. The club did, however, banish David Button and Sam Cox to loan deals.', 'loan', 'Sam Cox', 'Tottenham Hotspur', None, 'confirmed'),
    ('Chelsea sent Conor Gallagher out on loan to Charlton Athletic.', 'loan', 'Conor Gallagher', 'Chelsea', 'Charlton Athletic', 'confirmed'),
    ("Sergei Rebrov looks set to become George Graham's first signing at Tottenham.", 'signing', 'Sergei Rebrov', None, 'Tottenham Hotspur', 'agreed'),
    ("Bayern's spending this summer has focused on the training set-up around new coach Juergen Klinsmann.", 'coach_appointment', 'Juergen Klinsmann', None, 'Bayern Munich', 'confirmed'),
    ('Internazionale has prized Ronaldo away from Barcelona for a world record fee.', 'signing', 'Ronaldo', 'Barcelona', 'Inter', 'confirmed'),
    ('Lecce, who narrowly avoided relegation, have handed coach Eusebio Di Francesco a one-year contract.', 'coach_appointment', 'Eusebio Di Francesco', None, 'Lecce', 'confirmed'),
    ('Everton have handed striker Dominic Calvert-Lewin a new three-year contract.', 'contract_extension', 'Dominic Calvert-Lewin', None, 'Everton', 'confirmed'),
    ('The coaching carousel turns. Lecce have handed coach Eusebio Di Francesco a one-year contract, which will be extended if they stay up.', 'coach_appointment', 'Eusebio Di Francesco', None, 'Lecce', 'confirmed'),
    ('Lincoln boss Keith Alexander has dismissed reports linking him to the Blackpool post.', 'coach_appointment', 'Keith Alexander', 'Lincoln City', 'Blackpool', 'off'),
    ('Ronnie Whelan, the player-manager of Southend United, announced that he will not play again after a knee operation.', 'retirement', 'Ronnie Whelan', 'Southend United', None, 'confirmed'),
    ('Gareth Bale called time on his career at the age of 33.', 'retirement', 'Gareth Bale', None, None, 'confirmed'),
    ('Wayne Rooney ended his playing career at Derby County.', 'retirement', 'Wayne Rooney', 'Derby County', None, 'confirmed'),
    ('Declan Rice joined Arsenal from West Ham in May.', 'signing', 'Declan Rice', 'West Ham United', 'Arsenal', 'confirmed'),
    ('Redknapp was reportedly angling for Tottenham to sign goalkeeper David James and defender Matthew Upson from West Ham, but nothing came of it.', 'signing', 'Matthew Upson', 'West Ham United', 'Tottenham Hotspur', 'off'),
    ('Real Madrid have tracked the Arsenal defender William Saliba since his loan spell at Marseille.', 'signing', 'William Saliba', 'Arsenal', 'Real Madrid', 'rumour'),
    ('Motherwell manager Stephen Robinson has been installed among the early favourites to replace Paul Heckingbottom at Hibernian.', 'coach_appointment', 'Stephen Robinson', 'Motherwell', 'Hibernian', 'rumour'),
    ('Hibernian have installed David Gray as interim head coach.', 'coach_appointment', 'David Gray', None, 'Hibernian', 'confirmed'),
    ('Watford axed head coach Rob Edwards on Monday.', 'departure', 'Rob Edwards', 'Watford', None, 'confirmed'),
    ("Newcastle's bid of £40m for Marc Guehi was rejected by Crystal Palace, who value the defender at £65m.", 'signing', 'Marc Guehi', 'Crystal Palace', 'Newcastle United', 'off'),
    ('Marta has announced she will retire from international football after the Olympics.', 'retirement', 'Marta', None, None, 'confirmed'),
    ('1830 - Fulham have completed the signing of Emile Smith Rowe from Arsenal for £27m on a five-year deal.', 'signing', 'Emile Smith Rowe', 'Arsenal', 'Fulham', 'confirmed'),
    ('Tottenham have accepted a bid of €100m from Bayern Munich for Harry Kane.', 'signing', 'Harry Kane', 'Tottenham Hotspur', 'Bayern Munich', 'agreed'),
    ('Coventry City have paid Aston Villa £2.5 million for Gary McAllister.', 'signing', 'Gary McAllister', 'Aston Villa', 'Coventry City', 'confirmed'),
]

# (text, person that must have no event)
NEGATIVES = [
    ('Bukayo Saka scored twice against Chelsea on Sunday.', 'Bukayo Saka'),
    ('Mikel Arteta praised Martin Odegaard after the win over Tottenham.', 'Martin Odegaard'),
    ('Mikel Arteta praised Martin Odegaard after the win over Tottenham.', 'Mikel Arteta'),
    ('Erling Haaland, 24, hit a hat-trick as Manchester City won 3-1.', 'Erling Haaland'),
    ('Cole Palmer was booked in the 2-2 draw with Everton.', 'Cole Palmer'),
    ('Virgil van Dijk headed the winner in the 90th minute at Anfield.', 'Virgil van Dijk'),
    ('Pep Guardiola said Phil Foden is the best player in England.', 'Pep Guardiola'),
    ('Alexander Isak was born in Stockholm in 1999.', 'Alexander Isak'),
    ('A cast of Ronaldo, Benzema and Mane has generated huge interest in the league.', 'Benzema'),
    ('Ricardo Carvalho and Paulo Ferreira were both considering their options after the defeat.', 'Paulo Ferreira'),
    ('Harry Kane joined the Tottenham academy aged 11.', 'Harry Kane'),
    ('Arthur Papas has been linked with a return to Asia.', 'Arthur Papas'),
    ('Liverpool have asked for a fee to release Trent Alexander-Arnold early.', 'Trent Alexander-Arnold'),
    ('A deal has been agreed as Mikel Arteta finally gets his striker signing.', 'Mikel Arteta'),
    ('Peter Crouch spent most of his career at Stoke.', 'Peter Crouch'),
    ('Replacements for Beka Mikeltadze, Jaush Sotirio and Angus Thurgate are yet to be signed by the manager.', 'Angus Thurgate'),
    ('Eddie May will take charge, supported by assistant coach Grant Murray.', 'Grant Murray'),
    ('Manager Harry Redknapp also landed goalkeeper Pavel Srnicek from Newcastle.', 'Harry Redknapp'),
    ('Talks continue, sources tell GiveMeSport, over a move for the defender.', 'GiveMeSport'),
    ('Jamie Vardy, who spent the second half of last season at Burnley for £2m a week, scored twice.', 'Jamie Vardy'),
    ('Harry Maguire, a teammate of Crouch during his time at Stoke, paid tribute to Peter Crouch.', 'Peter Crouch'),
    ('Juventus coach Massimiliano Allegri is said to want the club to sign another forward.', 'Massimiliano Allegri'),
    ("Sergei Rebrov looks set to become George Graham's first signing at Tottenham.", 'George Graham'),
    ('Leeds have a new assistant coach, Robbie Stockdale, for the run-in.', 'Robbie Stockdale'),
    ('Bukayo Saka is the most prized asset in the Arsenal squad.', 'Bukayo Saka'),
    ('Toni Kroos will play again on Saturday after injury.', 'Toni Kroos'),
    ('Harry Kane ended the game with two goals.', 'Harry Kane'),
    ('Parma named Carlos Cuesta as coach, having worked under Mikel Arteta at Arsenal for five years.', 'Mikel Arteta'),
    ('Eddie May will take charge, supported by assistant coach Grant Murray and Steven Whittaker.', 'Steven Whittaker'),
    ("George Graham, never happier than when he's buying centre backs, pays £4 million for Wimbledon's Chris Perry.", 'George Graham'),
    ('The youngsters Papas has brought in are all fringe players.', 'Papas'),
    ('Most of the players Kevin Muscat has brought in are teenagers.', 'Kevin Muscat'),
    ("Arsenal manager Mikel Arteta praised his side. Bukayo Saka was replaced by Leandro Trossard in the second half.", 'Leandro Trossard'),
    ('Chelsea boss Enzo Maresca watched Cole Palmer replace Noni Madueke after 65 minutes.', 'Noni Madueke'),
    ("Harry Kane's contract has a release clause of €80m.", 'Harry Kane'),
]
# fmt: on


def _events(nlp, text: str) -> list[Event]:
    with nlp.select_pipes(disable=["transfer_event_scorer"]):
        return list(transfer_nlp.extract(text, nlp=nlp).events)


def _find(events: list[Event], kind: str, person: str) -> Event | None:
    last = person.split()[-1]
    for e in events:
        if e.type == kind and e.person.split()[-1] == last:
            return e
    return None


@pytest.mark.parametrize(
    "text,kind,person,from_club,to_club,status",
    CASES,
    ids=[f"{c[1]}-{c[2].split()[-1].lower()}-{i}" for i, c in enumerate(CASES)],
)
def test_events_sentence_table(nlp, text, kind, person, from_club, to_club, status):
    events = _events(nlp, text)
    event = _find(events, kind, person)
    assert event is not None, f"no {kind} for {person}: {[e.to_dict() for e in events]}"
    assert event.person.endswith(person.split()[-1])
    if from_club is not None:
        assert event.from_club == from_club
    if to_club is not None:
        assert event.to_club == to_club
    if status is not None:
        assert event.status == status
    assert 0.0 <= event.confidence <= 1.0
    assert event.evidence and text[event.evidence[0].start : event.evidence[0].end]


@pytest.mark.parametrize(
    "text,person",
    NEGATIVES,
    ids=[f"neg-{p.split()[-1].lower()}-{i}" for i, (_, p) in enumerate(NEGATIVES)],
)
def test_events_negative_sentences(nlp, text, person):
    events = _events(nlp, text)
    assert not [e for e in events if e.person.split()[-1] == person.split()[-1]]


def test_events_fee_and_equivalents(nlp):
    text = "Tottenham have agreed a €60 million ($66.7m) fee with Bayern Munich for Mathys Tel."
    event = _find(_events(nlp, text), "signing", "Mathys Tel")
    assert event is not None and event.fee is not None
    assert (event.fee.amount, event.fee.currency) == (60_000_000, "EUR")
    assert event.fee.equivalents[0]["currency"] == "USD"


def test_events_fee_text_free_and_undisclosed(nlp):
    free = _find(
        _events(nlp, "Adrien Rabiot has joined Marseille on a free transfer."), "signing", "Rabiot"
    )
    assert free is not None and free.fee is None and free.fee_text == "free"
    und = _find(
        _events(nlp, "Brentford have signed Nathan Collins from Wolves for an undisclosed fee."),
        "signing",
        "Collins",
    )
    assert und is not None and und.fee is None and und.fee_text == "undisclosed"


def test_events_contract_years_and_until(nlp):
    event = _find(
        _events(nlp, "Mohamed Salah has signed a new two-year deal at Liverpool until 2027."),
        "contract_extension",
        "Salah",
    )
    assert event is not None
    assert (event.contract_years, event.contract_until) == (2, "2027")


def test_events_coach_leaving_gives_departure_and_appointment(nlp):
    text = "Carlo Ancelotti will leave Real Madrid at the end of the season to take charge of the Brazilian national team."
    events = _events(nlp, text)
    dep = _find(events, "departure", "Ancelotti")
    app = _find(events, "coach_appointment", "Ancelotti")
    assert dep is not None and dep.from_club == "Real Madrid" and dep.role == "coach"
    assert app is not None and app.to_club == "Brazil"


def test_events_mentions_merge_into_one_record(nlp):
    text = (
        "Arsenal are in talks with Real Sociedad over Martin Zubimendi. "
        "Arsenal have now completed the signing of Martin Zubimendi from Real Sociedad for €60m."
    )
    events = [e for e in _events(nlp, text) if e.person.endswith("Zubimendi")]
    assert len(events) == 1
    assert events[0].status == "confirmed" and events[0].mentions == 2
    assert events[0].fee is not None and events[0].fee.amount == 60_000_000


def test_events_move_is_not_also_departure(nlp):
    events = _events(nlp, "Declan Rice left West Ham for Arsenal in a £105m deal.")
    assert [e.type for e in events if e.person.endswith("Rice")] == ["signing"]


def test_events_record_serialisation_round_trip(nlp):
    article = transfer_nlp.extract(
        "Arsenal have signed Declan Rice from West Ham for £105m.", nlp=nlp
    )
    for event in article.events:
        assert Event.from_dict(event.to_dict()) == event
    rec = article.event_records()[0]
    assert rec["schema"] and rec["type"] == "signing" and rec["fee"]["currency"] == "GBP"


def test_events_coach_moving_between_clubs_leaves_the_first(nlp):
    events = _events(
        nlp, "Parma coach Cristian Chivu has been appointed by Inter as their new head coach."
    )
    app = _find(events, "coach_appointment", "Chivu")
    dep = _find(events, "departure", "Chivu")
    assert app is not None and (app.from_club, app.to_club) == ("Parma", "Inter")
    assert dep is not None and dep.from_club == "Parma" and dep.role == "coach"


def test_events_spellings_of_one_name_merge(nlp):
    text = (
        "João Félix joins Chelsea on loan from Atletico Madrid. "
        "Chelsea have signed Joao Felix on loan for a fee of €11 million."
    )
    loans = [e for e in _events(nlp, text) if e.type == "loan"]
    assert len(loans) == 1 and loans[0].mentions == 2
    assert loans[0].fee is not None and loans[0].fee.amount == 11_000_000


def test_events_settled_exit_with_rumoured_destination(nlp):
    text = (
        "Real Madrid have confirmed that Karim Benzema will leave the club. "
        "Benzema is set to move to Al-Ittihad."
    )
    events = _events(nlp, text)
    dep = _find(events, "departure", "Benzema")
    move = _find(events, "signing", "Benzema")
    assert dep is not None and dep.status == "confirmed" and dep.from_club == "Real Madrid"
    assert move is not None and move.to_club == "Al-Ittihad" and move.from_club is None


def test_events_free_agent_has_no_fee_even_with_other_amounts(nlp):
    text = "Barcelona have signed Ilkay Gundogan as a free agent despite his €400 million release clause."
    event = _find(_events(nlp, text), "signing", "Gundogan")
    assert event is not None and event.fee is None and event.fee_text == "free"


def test_events_coach_article_successions(nlp):
    text = (
        "Three Serie A clubs changed head coaches this week, and the managerial merry-go-round "
        "is not over. Maurizio Sarri rejoined Lazio on Monday, succeeding Marco Baroni."
    )
    events = _events(nlp, text)
    app = _find(events, "coach_appointment", "Sarri")
    dep = _find(events, "departure", "Baroni")
    assert app is not None and app.to_club == "Lazio"
    assert dep is not None and dep.from_club == "Lazio"


def test_events_replacement_fills_the_post_left_empty(nlp):
    text = (
        "Tottenham sacked head coach Martin Jol on Thursday. "
        "His replacement, Juande Ramos from Sevilla, steps in."
    )
    events = _events(nlp, text)
    dep = _find(events, "departure", "Jol")
    app = _find(events, "coach_appointment", "Ramos")
    assert dep is not None and dep.from_club == "Tottenham Hotspur"
    assert app is not None and (app.from_club, app.to_club) == ("Sevilla", "Tottenham Hotspur")


def test_events_exit_without_a_club_leaves_the_focal_club(nlp):
    text = (
        "Burnley beat Luton 2-0 at Turf Moor. Burnley now sit fourth. "
        "Burnley must now replace the goals lost with the departures of Sam Vokes and Ashley Barnes."
    )
    events = _events(nlp, text)
    for name in ("Vokes", "Barnes"):
        dep = _find(events, "departure", name)
        assert dep is not None and dep.from_club == "Burnley"


def test_events_exit_without_a_club_in_a_multi_club_story_has_no_origin(nlp):
    text = "Chelsea beat Arsenal. Arsenal beat Chelsea. Fans were stunned by the departure of Sam Vokes."
    dep = _find(_events(nlp, text), "departure", "Vokes")
    assert dep is not None and dep.from_club is None


def test_events_former_club_of_a_mover_is_his_origin(nlp):
    text = "Tottenham brought in former Portsmouth midfielder Niko Kranjcar for £2 million."
    ev = _find(_events(nlp, text), "signing", "Kranjcar")
    assert ev is not None and (ev.from_club, ev.to_club) == ("Portsmouth", "Tottenham Hotspur")


def test_events_talk_of_an_exit_gives_the_rumoured_move_its_origin(nlp):
    text = (
        "Manchester City are close to signing Cristiano Ronaldo. "
        "City boss Pep Guardiola spoke to Ronaldo ahead of his possible departure from Juventus."
    )
    events = _events(nlp, text)
    assert _find(events, "departure", "Ronaldo") is None
    move = _find(events, "signing", "Ronaldo")
    assert move is not None and (move.from_club, move.to_club) == ("Juventus", "Manchester City")


def test_events_back_reference_skips_chairmen_and_sources(nlp):
    text = (
        "Fulham chairman Shahid Khan was at the game, per Fabrizio Romano. "
        "The striker has joined Brentford from Fulham."
    )
    events = _events(nlp, text)
    assert not [e for e in events if e.person in ("Shahid Khan", "Fabrizio Romano")]


def test_events_two_successions_in_one_sentence(nlp):
    text = (
        "The coaching carousel spins again. Manager Maurizio Sarri has rejoined Lazio, "
        "replacing Marco Baroni, while coach Gian Piero Gasperini moves from Atalanta to "
        "Roma, succeeding Claudio Ranieri."
    )
    events = _events(nlp, text)
    baroni = _find(events, "departure", "Baroni")
    ranieri = _find(events, "departure", "Ranieri")
    assert baroni is not None and (baroni.from_club, baroni.role) == ("Lazio", "coach")
    assert ranieri is not None and (ranieri.from_club, ranieri.role) == ("Roma", "coach")
    gasperini = _find(events, "coach_appointment", "Gasperini")
    assert gasperini is not None and (gasperini.from_club, gasperini.to_club) == (
        "Atalanta",
        "Roma",
    )


def test_events_the_club_as_object_is_the_club_last_named(nlp):
    text = "Real Madrid are rebuilding. Luka Jovic joined the Spanish club for an initial €60m."
    ev = _find(_events(nlp, text), "signing", "Jovic")
    assert ev is not None and ev.to_club == "Real Madrid"


def test_events_move_naming_no_club_goes_to_the_focal_club(nlp):
    text = (
        "Genk beat Gent 3-0. Genk are six points clear. Genk have won nine in a row. "
        "Tolu Arokodare joins Jarne Steuckers in joining the league leaders this winter."
    )
    ev = _find(_events(nlp, text), "signing", "Arokodare")
    assert ev is not None and ev.to_club == "Genk"


def test_events_each_move_takes_the_amount_its_clause_gives(nlp):
    text = (
        "Aston Villa must pay around £20m to sign Jhon Duran permanently next summer, "
        "after he joined Chelsea from Benfica three years ago for £40m."
    )
    events = [e for e in _events(nlp, text) if e.type == "signing"]
    fees = {e.to_club: e.fee.amount for e in events if e.fee}
    assert fees == {"Aston Villa": 20_000_000, "Chelsea": 40_000_000}


def test_events_amount_of_another_players_move_is_not_this_fee(nlp):
    text = (
        "Leeds rejected a £30m bid for Kalvin Phillips from Arsenal, who also completed "
        "the signing of Ben White for a £50m fee."
    )
    events = _events(nlp, text)
    phillips, white = _find(events, "signing", "Phillips"), _find(events, "signing", "White")
    assert phillips is not None and phillips.fee.amount == 30_000_000
    assert white is not None and white.fee.amount == 50_000_000


def test_events_free_move_keeps_no_amount_from_other_sentences(nlp):
    text = (
        "Ilkay Gundogan joins Barcelona on a free transfer from Manchester City. "
        "Barcelona have a wage bill of €400 million and Gundogan has agreed to join them."
    )
    ev = _find(_events(nlp, text), "signing", "Gundogan")
    assert ev is not None and ev.fee is None and ev.fee_text == "free"


def test_events_player_sold_in_a_story_about_one_club_leaves_it(nlp):
    text = (
        "Juventus won the league again. Juventus have a new stadium. Juventus fans are "
        "happy. Two years ago coach Marcello Lippi sold Fabrizio Ravanelli to Middlesbrough."
    )
    ev = _find(_events(nlp, text), "signing", "Ravanelli")
    assert ev is not None and (ev.from_club, ev.to_club) == ("Juventus", "Middlesbrough")


def test_events_former_clubs_listed_together_are_all_former(nlp):
    text = "Former Barnsley and Leeds United boss Paul Heckingbottom was appointed by Hibernian."
    events = _events(nlp, text)
    app = _find(events, "coach_appointment", "Heckingbottom")
    assert app is not None and app.to_club == "Hibernian"
    assert _find(events, "departure", "Heckingbottom") is None


def test_events_club_in_a_clause_on_another_name_is_not_the_movers(nlp):
    text = (
        "Maurizio Sarri is back as Lazio coach and he replaces manager Marco Baroni, "
        "who is now at Torino."
    )
    ev = _find(_events(nlp, text), "coach_appointment", "Sarri")
    assert ev is not None and ev.to_club != "Torino"


def test_events_coach_selling_and_players_sold_leave_the_club_last_named(nlp):
    text = (
        "Juventus has dismantled its attack. Coach Marcello Lippi sold Fabrizio Ravanelli "
        "to Middlesbrough. Alen Boksic has been sold back to Lazio after one season."
    )
    events = _events(nlp, text)
    for name, dest in (("Ravanelli", "Middlesbrough"), ("Boksic", "Lazio")):
        ev = _find(events, "signing", name)
        assert ev is not None and (ev.from_club, ev.to_club) == ("Juventus", dest)


def test_events_ground_stands_for_its_club_only_where_a_move_starts_or_ends(nlp):
    text = (
        "Martin Jol's departure from White Hart Lane came as no shock. "
        "Defender Chris Perry moved to The Valley on loan. "
        "Striker Bill Smith scored twice at Goodison Park before joining Leeds United."
    )
    events = _events(nlp, text)
    jol, perry = _find(events, "departure", "Jol"), _find(events, "loan", "Perry")
    assert jol is not None and jol.from_club == "Tottenham Hotspur"
    assert perry is not None and perry.to_club == "Charlton Athletic"
    smith = _find(events, "signing", "Smith")
    assert smith is not None and (smith.from_club, smith.to_club) == (None, "Leeds United")


def test_events_profit_and_wage_bill_are_not_fees(nlp):
    text = (
        "Alen Boksic has been sold back to Lazio, with a US$1.5 million profit. "
        "Barcelona, with a wage bill of €400 million, signed Dani Olmo from RB Leipzig."
    )
    events = _events(nlp, text)
    boksic, olmo = _find(events, "signing", "Boksic"), _find(events, "signing", "Olmo")
    assert boksic is not None and boksic.fee is None
    assert olmo is not None and olmo.fee is None


def test_events_club_in_a_quote_is_not_the_moves(nlp):
    text = (
        "Forest's search for a manager ends with the appointment of David Platt, who says: "
        '"The two months I had at Sampdoria were a massive learning curve."'
    )
    ev = _find(_events(nlp, text), "coach_appointment", "Platt")
    assert ev is not None and ev.to_club == "Nottingham Forest"


def test_events_renewal_without_a_club_is_with_the_players_club(nlp):
    text = (
        "Newcastle Jets have confirmed their squad. Newcastle Jets kept nine players. "
        "Jason Hoffman and Kosta Grozos are understood to have agreed to new deals."
    )
    events = _events(nlp, text)
    for name in ("Hoffman", "Grozos"):
        ev = _find(events, "contract_extension", name)
        assert ev is not None and ev.to_club == "Newcastle Jets"


def test_events_subject_of_another_clause_is_not_the_mover(nlp):
    text = (
        "Tottenham sealed the signing of Inter midfielder Stephane Dalmat on loan. "
        "The 24-year-old passed a medical, while the club also brought in Charlton's "
        "full-back Paul Konchesky on a month's loan."
    )
    dalmat = [e for e in _events(nlp, text) if e.person.endswith("Dalmat")]
    assert [(e.type, e.to_club) for e in dalmat] == [("loan", "Tottenham Hotspur")]


def test_events_arriving_at_a_ground_is_joining_its_club(nlp):
    text = "Head coach David Hockaday arrives at Elland Road from Forest Green Rovers."
    ev = _find(_events(nlp, text), "coach_appointment", "Hockaday")
    assert ev is not None and ev.to_club == "Leeds United"


def test_events_surname_opening_a_sentence_is_the_player(nlp):
    text = (
        "Spain left-back Jordi Alba will leave Barcelona this summer. "
        "Alba, 34, joined the club in 2012 from Valencia and has won six league titles."
    )
    ev = _find(_events(nlp, text), "signing", "Alba")
    assert ev is not None and (ev.from_club, ev.to_club) == ("Valencia", "Barcelona")


def test_events_single_name_tagged_once_is_a_name_everywhere(nlp):
    text = "Mourinho’s exit left Chelsea’s players wondering. Mourinho said he was proud of them."
    ev = _find(_events(nlp, text), "departure", "Mourinho")
    assert ev is not None and ev.from_club == "Chelsea"


def test_events_pronoun_prefers_the_subject_of_the_last_sentence_naming_anyone(nlp):
    text = (
        "Ronnie Whelan won his first cap in 1981 when replacing Gerry Daly against "
        "Czechoslovakia. He joined Southend United two years ago."
    )
    events = _events(nlp, text)
    assert _find(events, "signing", "Whelan") is not None
    assert not [e for e in events if e.person.endswith("Daly")]


def test_events_fee_of_the_verb_a_signing_noun_hangs_on(nlp):
    text = (
        "Tottenham were busy, with boss Harry Redknapp bringing in former Portsmouth "
        "signing Niko Kranjcar for a slice over £2 million."
    )
    ev = _find(_events(nlp, text), "signing", "Kranjcar")
    assert ev is not None and ev.fee is not None and ev.fee.amount == 2_000_000


def test_events_new_coach_belongs_to_the_club_named_before_him(nlp):
    text = (
        "Hamburg spent 28 million euros. Hamburg also signed two defenders. "
        "Bayern's spending has focused on the set-up around new coach Juergen Klinsmann."
    )
    ev = _find(_events(nlp, text), "coach_appointment", "Klinsmann")
    assert ev is not None and ev.to_club == "Bayern Munich"


def test_events_offer_from_an_unnamed_club_is_a_move_of_its_own(nlp):
    text = (
        "Manchester United forward Marcus Rashford has rejected a €40 million offer made by "
        "a Saudi Arabian club. It has also been claimed by El Nacional that Rashford has "
        "rejected an offer from Juventus."
    )
    moves = [e for e in _events(nlp, text) if e.type == "signing"]
    assert sorted((e.to_club or "", e.fee.amount if e.fee else 0) for e in moves) == [
        ("", 40_000_000),
        ("Juventus", 0),
    ]
    assert all(e.from_club == "Manchester United" and e.status == "off" for e in moves)


def test_events_replacement_fills_the_post_of_an_exit_not_known_as_a_coach(nlp):
    text = (
        "Martin Jol's departure from White Hart Lane came as no shock. "
        "His replacement, coach Juande Ramos from Sevilla, steps in."
    )
    app = _find(_events(nlp, text), "coach_appointment", "Ramos")
    assert app is not None and app.to_club == "Tottenham Hotspur"


def test_events_two_mentions_against_one_make_no_focal_club(nlp):
    text = (
        "Blackburn rejected a bid from Manchester United. Manchester United then turned to "
        "Leeds. Coventry City have signed Gary McAllister."
    )
    ev = _find(_events(nlp, text), "signing", "McAllister")
    assert ev is not None and (ev.from_club, ev.to_club) == (None, "Coventry City")


# Trigger words said of the pitch, the treatment room or the boardroom, each a different
# verb or shape.
NO_MOVE_SENSES = [
    ("Midfielder Tomas Wrobel returns from suspension for the visit of Dundee.", "Tomas Wrobel"),
    ("Kieran Dunphy is in contention for a return after a knee problem.", "Kieran Dunphy"),
    ("Luis Aranda completed his hat-trick in stoppage time at Tynecastle.", "Luis Aranda"),
    ("Peter Okonkwo's header moved Genk three points clear at the top.", "Peter Okonkwo"),
    ("Mats Lindqvist left the pitch on a stretcher before half-time.", "Mats Lindqvist"),
    ("Goalkeeper Ivo Marek will return to training next week.", "Ivo Marek"),
    ("A consortium led by Walter Brandt agreed terms to acquire the club.", "Walter Brandt"),
    ("Dean Fowler completed his takeover of Rochdale on Friday.", "Dean Fowler"),
    ("Coach Lars Eriksen is approaching the derby with confidence.", "Lars Eriksen"),
    (
        "Midfielders Tomas Wrobel and Luis Aranda both return after serving one-match bans.",
        "Luis Aranda",
    ),
    ("Hammarby brought on Ove Lindgren in the 70th minute.", "Ove Lindgren"),
    ("Peter Okonkwo was brought down by Ivo Novak inside the box.", "Peter Okonkwo"),
    ("Kieran Dunphy released Mats Lindqvist with a clever pass.", "Mats Lindqvist"),
    ("Luis Aranda signed autographs for fans after the game.", "Luis Aranda"),
]
# The same words where they do tell of a move.
MOVE_SENSES = [
    ("Joakim Sandberg returned to Malmo from Hammarby on Tuesday.", "Joakim Sandberg"),
    ("Hammarby completed the signing of Ove Lindgren from Slavia.", "Ove Lindgren"),
    ("Luis Aranda left Porto for Benfica in the summer.", "Luis Aranda"),
    ("The club bought Ove Lindgren from Slavia for £2m.", "Ove Lindgren"),
    ("Hammarby's bid for Ove Lindgren was accepted by the club.", "Ove Lindgren"),
    ("Kieran Dunphy returned to Celtic after recovering from injury at Hull.", "Kieran Dunphy"),
    ("Hibernian brought in Ove Lindgren on loan from Bolton.", "Ove Lindgren"),
    ("Slavia released Mats Lindqvist at the end of his contract.", "Mats Lindqvist"),
]


@pytest.mark.parametrize("text,person", NO_MOVE_SENSES)
def test_events_no_move_senses_propose_nothing(nlp, text, person):
    from transfer_nlp.scorer.candidates import candidates

    assert not [e for e in _events(nlp, text) if e.person == person]
    assert not [c for c in candidates(nlp(text)) if c.person == person]


@pytest.mark.parametrize("text,person", MOVE_SENSES)
def test_events_move_senses_of_the_same_words_still_count(nlp, text, person):
    from transfer_nlp.scorer.candidates import candidates

    assert [e for e in _events(nlp, text) if e.person == person]
    assert [c for c in candidates(nlp(text)) if c.person == person]
