namespace Runtype.Bench;

/// <summary>
/// The words the search scenario writes messages with, written for it: a customer-support flavoured English vocabulary
/// in rough order of how often such messages use them (rank 1 first), which <see cref="SearchText"/> draws from with a
/// Zipf-like frequency, and the rare words it plants on purpose. Each entry is one plain word, so the server's text
/// search configuration makes exactly one lexeme of it (<see cref="SearchLoad"/> checks, and fails the run otherwise).
/// </summary>
public static class SearchVocabulary
{
    /// <summary>
    /// Candidates for the common word, placed in <see cref="Words"/> where the frequency puts them in about one
    /// message in ten; the one nearest a tenth after loading is the one searched.
    /// </summary>
    public static readonly IReadOnlyList<string> CommonCandidates = ["order", "account", "refund"];

    /// <summary>
    /// The rare words: in no generated sentence, each planted in a few dozen messages. Real, uncommon English words,
    /// none sharing a stem with <see cref="Words"/> or with another of them.
    /// </summary>
    public static readonly IReadOnlyList<string> Markers = Split("""
        kaleidoscope zeppelin quasar marzipan xylophone accordion periwinkle tarantula gondola saxophone trombone
        flamingo origami papyrus walrus igloo narwhal platypus armadillo chameleon pelican toucan iguana meerkat wombat
        axolotl mongoose porcupine harpsichord bagpipe ukulele tambourine didgeridoo mandolin banjo clarinet oboe
        bassoon piccolo glockenspiel zucchini artichoke pomegranate persimmon kumquat rutabaga parsnip tamarind cardamom
        saffron
        """);

    /// <summary>The vocabulary, most frequent first.</summary>
    public static readonly IReadOnlyList<string> Words = Split("""
        the I to you and a my it is for of in this that have on your be with not we can me was please order do are
        account at but refund so just will would get from thanks if an as no help there they all what when about one has
        been how am out up our us know had time now need here could did still also like back some delivery any see again
        should by or them then want make only their today said told because payment card email password received package
        sent charged yesterday days week which more other new since two issue problem thank hello hi dear team support
        customer service check waiting into than through item items address number phone call chat message reply answer
        update tracking shipping shipped return cancel cancelled subscription plan login sign change changed changes
        money paid pay price billing invoice receipt product products store website app online emails link code error
        working work works broken wrong missing damaged replacement exchange size color box parcel courier driver door
        label warehouse never already soon yet every each very really much many most sure well right first last next
        same tried try trying asked ask asking looked look looking waited wait got getting going go went come came might
        must may shall let keep kept put take took give gave find found think thought say says tell use used using open
        opened close closed start started stop stopped turn leave left bring brought buy bought sell sold read write
        written hear heard talk talked understand explain explained happen happened seem feel felt mean meant become
        move moved live believe hold stand lose lost meet include continue set learn add added remember love consider
        appear expect expected suggest pass report reported decide decided pull show showed shown send sending receive
        receiving deliver delivered delivering ship arrive arrived arriving confirm confirmed confirmation verify
        verified verification reset resend resent enter entered click clicked select selected choose chose download
        downloaded upload uploaded install installed restart refresh refreshed load loaded log logged contact contacted
        reach reached follow followed respond responded processed processing pending approved declined failed failure
        complete completed incomplete partial full fee fees tax total amount balance bank transfer wallet gift voucher
        coupon discount promo sale offer deal points reward rewards membership member premium trial free upgrade
        downgrade renew renewal renewed bill statement transaction transactions credit debit visa mastercard paypal
        charge charges double twice overcharged refunds refunded reimburse reimbursement compensation manager supervisor
        agent representative department office branch location city state country region zip postcode street road avenue
        apartment unit floor building house home business company shop seller vendor brand model version monday tuesday
        wednesday thursday friday saturday sunday weekend weekday morning afternoon evening night january february march
        april june july august september october november december month months year years hour hours minute minutes
        second seconds moment while ago later earlier before after during until tomorrow tonight recently lately usually
        always often sometimes rarely once anymore anyway however though although unless whether either neither both few
        several enough less least another such own good great fine okay bad poor terrible awful excellent perfect happy
        unhappy sad angry upset frustrated disappointed annoyed confused worried concerned grateful pleased satisfied
        dissatisfied patient urgent important quick quickly slow slowly fast late early long short big small large
        little high low old young easy hard difficult simple clear unclear correct incorrect true false real fake
        available unavailable possible impossible necessary ready busy able unable expensive cheap affordable cost costs
        value packages parcels envelope couriers carrier carriers post postal mail mailbox postage tracked trace status
        estimated estimate delayed delay delays stolen misplaced signature signed neighbour neighbor porch doorstep
        reception lobby locker pickup collect collected shipments shipment dispatch dispatched route transit hub depot
        facility customs duty import export international domestic express standard economy overnight priority
        fulfilment fulfillment stock inventory backorder preorder restock limited edition quantity piece pieces pair
        bundle kit pack case cover accessory accessories part parts spare component screen battery charger cable adapter
        plug socket power button switch light lights lamp bulb speaker speakers headphones earbuds microphone camera
        lens tripod laptop tablet computer desktop monitor keyboard mouse printer ink toner router modem wifi internet
        network signal connection bluetooth device devices gadget watch smartwatch television remote console controller
        game games player disc drive storage memory usb disk smartphone sim data roaming contract provider outage
        coverage tower speed bandwidth jacket coat shirt shirts blouse dress skirt trousers pants jeans shorts sweater
        hoodie sock socks shoe shoes boot boots sneakers sandals slippers hat cap scarf gloves belt bag bags backpack
        purse suitcase luggage ring necklace bracelet earrings jewelry jewellery gold silver diamond leather cotton wool
        silk fabric material stitching seam zipper buttons pocket sleeve collar waist length width height medium fit
        fits fitting tight loose comfortable uncomfortable soft rough thin thick heavy chair table desk sofa couch bed
        mattress pillow blanket sheets duvet curtain curtains rug carpet shelf cabinet drawer wardrobe mirror frame sink
        tap faucet shower toilet bath towel kitchen bathroom bedroom blender toaster kettle microwave oven fridge
        freezer dishwasher washer dryer vacuum cleaner iron heater fan pan pot knife fork spoon plate bowl cup mug glass
        bottle jar lid container tray basket bin food meal meals dinner lunch breakfast snack coffee tea milk water
        juice bread cheese butter eggs fruit apple banana orange grape lemon berry strawberry vegetable vegetables
        potato tomato onion garlic carrot salad soup rice pasta pizza burger sandwich chicken beef pork fish sugar salt
        pepper chocolate cake cookie restaurant cafe menu recipe grocery groceries supermarket market farm fresh frozen
        expired spoiled flight flights airline airport ticket tickets booking booked reservation reserved seat seats
        boarding gate terminal baggage passport hotel room rooms checkin checkout stay trip travel holiday vacation
        journey train bus taxi car rental station platform departure arrival destination itinerary doctor appointment
        clinic hospital pharmacy prescription medicine insurance policy claim claims deductible health dental vision
        benefits nurse school class course lesson teacher student students exam grade grades homework book books library
        software hardware feature features bug bugs crash crashes crashed freeze lag glitch fix fixed fixing patch
        release versions updates updated setting settings option options page pages screens tab tabs window field form
        forms checkbox dropdown profile username user users admin administrator permission permissions role roles access
        denied blocked locked unlock unlocked security secure factor authentication authenticator token session sessions
        logout signup register registration registered activate activated activation deactivate delete deleted deleting
        remove removed removing restore restored backup recover recovery recovered notification notifications alert
        alerts reminder reminders newsletter unsubscribe subscribe subscribed privacy personal information details
        detail name names surname birthday date dates document documents file files attachment attachments screenshot
        photo photos picture pictures image images video videos audio sound volume quality resolution format pdf
        spreadsheet reports summary question questions answers info guide manual instructions steps step process
        procedure policies terms conditions warranty guarantee guaranteed eligible eligibility period deadline complaint
        complaints feedback review reviews rating ratings survey comment comments suggestion experience experiences
        situation matter concern concerns inconvenience apology apologies sorry apologize understanding patience
        assistance assist assisted helpful unhelpful polite rude friendly professional immediately asap urgently
        eventually finally honestly seriously actually basically literally hopefully unfortunately fortunately obviously
        apparently clearly definitely probably maybe perhaps exactly almost nearly quite rather pretty fairly totally
        completely entirely partly mostly mainly too instead otherwise therefore thus hence meanwhile besides
        furthermore moreover kind kindly regards sincerely best wishes cheers appreciate appreciated welcome excuse yes
        yeah yep nope alright absolutely certainly indeed man woman person people family friend friends husband wife son
        daughter mother father parents child children kids baby brother sister partner colleague boss neighbors guest
        guests client clients life world place places thing things way ways side end point fact group problems reason
        reasons result results example examples idea ideas word words story line lines area areas level levels rate
        rates type types kinds sort system systems program programs cash coins dollar dollars euro euros pound pounds
        cent cents cheque checks deposit deposits loan loans mortgage interest savings budget expense expenses income
        salary wage wages payroll air fire earth sun moon star stars sky cloud clouds rain snow wind storm weather hot
        cold warm cool tree trees flower flowers grass garden gardens park forest river lake sea ocean beach mountain
        hill dog dogs cat cats bird birds horse cow pet pets animal animals insect head face eye eyes ear ears nose
        mouth hand hands arm arms leg legs foot feet heart skin hair red blue green yellow black white brown grey gray
        pink purple dark bright zero three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
        hundred thousand million half quarter single third fourth fifth dozen north south east west top bottom front
        middle inside outside above below near far away beginning finish center centre corner edge houses homes windows
        wall walls roof doors fence yard garage basement attic stairs elevator lift hallway corridor entrance exit key
        keys lock locks alarm job jobs career interview meeting meetings project projects task tasks schedule calendar
        plans goal goals progress success mistake mistakes chance risk risks opportunity government law laws rule rules
        court judge police officer lawyer legal illegal history future present past science art music movie movies film
        films song songs shows news newspaper magazine radio channel channels episode episodes series season seasons
        stream streaming sport sports teams match matches players coach score win won losing ball colors colour colours
        shape shapes circle square healthy sick ill pain hurt injury injured tired sleep sleeping awake rest cars truck
        van bike bicycle motorcycle roads traffic parking parked fuel gas petrol engine wheel wheels tire tires tyre
        tyres brake brakes repair repairs repaired mechanic serviced build built buildings construction installation
        technician engineer plumber electrician visit visits visited scheduled reschedule rescheduled appointments slot
        slots availability bookings cancelling cancellation cancellations deliveries undelivered redelivery redeliver
        attempt attempted attempts returning returns returnable nonreturnable exchanged exchanges exchanging replaced
        replacing replacements damage damages dented scratched scratch scratches cracked crack cracks torn ripped
        stained stain faulty defective defect defects malfunction malfunctioning leaking leak leaks noisy noise smell
        smells wrongly incorrectly mistakenly accidentally repeatedly constantly ordering reorder reordered orders inbox
        spam junk folder accounts passwords texted text texts sms charging overcharge billed bills invoices invoiced
        receipts statements subscriptions unsubscribed automatically automatic auto monthly yearly annual annually
        weekly daily quarterly payments paying unpaid overdue outstanding owed owe owing due method methods applepay
        googlepay giftcard refundable nonrefundable partially fully difference adjustment adjusted matching agents chats
        chatbot bot automated human someone anyone everyone nobody somebody anything something nothing everything
        everywhere somewhere anywhere nowhere emailed emailing called calling phoned messaged wrote writing understood
        sorted resolved resolve resolving solve solved solution solutions escalate escalated escalation investigate
        investigated investigation reviewed reviewing approve approval reject rejected rejection deny decision decisions
        outcome explanation clarify clarification confirming detailed accept accepted accident according across act
        action actions active activity admit adult affect afraid against age agency agree agreed agreement ahead aim
        allow allowed alone along among analysis announce apart apply applied approach argue argument around arrange
        arrangement article artist aside aspect assume attack attend attention attitude audience author authority
        average avoid award aware background base based basic basis bear beat beautiful beauty begin behavior behaviour
        behind benefit beside better between beyond bit blood board body born borrow bother brain break breaking bridge
        brief broad burn burned calculate campaign cancer candidate capacity capital captain care careful carefully
        carry cause caused cell central century certain chain chairman challenge champion character charity chief choice
        church civil claimed classic clean cleaned cleaning climb clock closely clothes clothing club coast collection
        college comfort command commercial commission commit committee common community compare compared comparison
        compete competition complain complained complaining complex concept condition conference confidence conflict
        congress connect connected constant consumer contain content context control convert conversation copy correctly
        council count counter couple courage create created creative crime crisis critical cross crowd culture current
        currently cut cycle dance danger dangerous death debate decade deep defense defence define degree demand depend
        depending depth describe described description design designed desire despite destroy determine develop
        developed development different differently direct direction directly director discover discuss discussion
        disease distance divide doubt down draw drawing dream drink drop dry eager earn easily eat economic editor
        education effect effective effort election element else emergency emotional employee employer empty encourage
        energy engage enjoy enormous ensure environment equal equipment escape especially essential establish even event
        events evidence exact examine except exciting exercise exist existing expand expert explore extend extra
        extremely fail fair faith fall familiar famous fashion fault fear federal feeling fight figure fill filled final
        finance financial finger flat fly focus following force foreign forget forgot forgotten forward foundation
        freedom frequent fund funds funny further gain gather general generally generation gentle given glad global gone
        govern grab grant ground grow growing growth guard guess guy handle hang hanging hardly hate hide highly hire
        hit holding hole honest hope hoped host huge hurry identify ignore ignored imagine impact improve improved
        improvement included including increase increased independent indicate individual industry influence inform
        informed initial inquiry instance institution intend intended interested interesting internal introduce invest
        invite involve involved join joined joke jump junior keen kid kill knowledge labor labour lack land language
        largely laugh launch lay lead leader lend letter letters lie limit list listed listen loss lot lots loud lovely
        lower luck lucky machine main maintain major majority manage management manner map mark marked marketing married
        master maximum meaning measure media medical mention mentioned mind minimum minor miss missed mission mix mobile
        modern mood moral motion movement mum mom dad narrow natural nature nearby neck negative nervous net normal
        normally note noted notes notice noticed novel object observe obtain obvious occasion occur occurred odd offered
        official officially operate operation opinion opposite ordinary organization organisation organize original
        originally others overall owner pace packed paint paper parent particular particularly party passed path pattern
        pause peace per percent perform performance permanent permit personally phase physical pick picked plain planned
        plant plastic play pleasant plenty poem popular population position positive possibly potential practice prefer
        prepare prepared presence president press pressure pretend prevent previous previously primary print printed
        prior private prize produce production professor profit promise promised proper properly property proposal
        propose protect protection proud prove provide provided public publish purchase purchased purpose push qualify
        quiet quit quote quoted race raise range rare react reading realize realise reasonable recall recent recognize
        recommend recommended record recorded reduce reduced refer reference reflect refuse refused regard regarding
        regular regularly relate related relation relationship relative relevant rely remain remaining remind rent
        repeat replace represent require required requirement research reserve resource respect responsibility
        responsible retail retire reveal rich ride rise rising rock roll round routine row safe safety sample save saved
        saving scale scene scheme search searched secret section sector seek sense sensitive separate serious serve
        settle shake share shared sharp shift shock shopping shot shoulder shout sight significant silence similar
        simply sing site sit skill skills slightly slip smart smile smooth social society solid somewhat source space
        speak speaking special specific speech spend spending spent spirit split spot spread staff stage stare steady
        steal stick stone straight strange strategy stress strike strong structure struggle stuff style subject submit
        submitted succeed successful suddenly suffer sufficient suit suitable summer supply suppose surface surprise
        surprised survive suspect sweet symbol tail talent target taste teach technical technology temperature tend term
        test tested testing theory thinking threat throw tiny title tone tool tools topic touch tough tour toward
        towards town track trade tradition training translate treat treatment trend trouble trust truth typical
        typically ugly ultimately uncle under unique university unlikely upon upper urban useful usual valid valley
        valuable variety various vast vehicle view village visible voice vote wake walk walked wanted warn warning wash
        waste wave weak wealth wear weight weird whatever whenever whereas whole wide widely wild willing wine winter
        wish within without wonder wonderful wood worth wrap youth abroad absence absent absolute abuse academic
        accessible accommodation accompany accomplish accurate accurately accuse achieve achievement acknowledge
        acknowledged acquire adapt adequate adjust administration admire adopt advance advanced advantage adventure
        advert advertise advertised advertisement advice advise advised affair afford afterwards agenda aggressive
        agreeable aid aircraft alike alive alongside alter alternative alternatively amazing ambition amend amended
        amendment amused analyse ancient angle animated ankle anniversary announcement annoying anticipate anxious
        apologised apologized apparent appeal appealed appetite applicant application applications appointed
        appreciation appropriate approximately arise armed arrow assess assessment asset assign assigned assignment
        associate associated association assure assured attach attached attract attractive auction authorise authorised
        authorize authorized autumn awareness awkward badly bake baked balanced ban band bar bare bargain barrier battle
        bay bean beard beer belong belonging belongings beloved bench bend beneath bet bid billion bind bite bitter
        blame blank blind block bloody blow boat boil bold bone bonus boost border bored boring bounce bound brave
        breath breed brick brilliant broadband broke brush bubble bucket bulk bunch burden burst bury bush buyer cabin
        calm calorie campus canal candle capable capture careless cargo carton cast castle casual catalog catalogue
        category cautious ceiling celebrate celebration ceremony certificate chamber chaos chapter charming chart chase
        cheat cheerful chemical chest chew chip chips choir chop chosen cinema circuit circumstance citizen claimant
        clause clerk clever cliff climate clinical clip clue coal coin collapse column combination combine comedy
        commence commitment communicate communication compact companion compatible compensate competent compile
        complicated compliment comply compose compound comprehensive compromise compulsory conceal conclude conclusion
        concrete conduct confident confidential confirmations confuse confusing congratulations connecting conscious
        consent consequence consequently conservative considerable consist consistent consult consultant consume
        consumption contest contribute contribution convenience convenient conventional convince convinced cook cooking
        copper cord core corporate corporation correspond corresponding cottage cough countryside county crazy cream
        creature credits crew crowded crucial cruel cruise crush cry cure curious curl curve cushion custom daft dairy
        damp dare database debt decent declare decline decorate decrease dedicated deed defeat definite delight
        delighted deliberately delicate delicious demonstrate dense depart depressed deputy derive deserve designer
        desperate dessert detect determined devote diagnose diagram dial diary diet digital dimension dine dirt dirty
        disabled disagree disappear disaster discipline discovery dismiss display dispute distant distinct distribute
        distribution disturb dive diverse divorce dock domain dominant donate donation draft drag drain drama dramatic
        drift drill driving drown drunk dull dump dust eagerly ease edit educate efficient elderly elect electric
        electricity electronic elegant eliminate elsewhere embarrassed embassy emerge emotion emphasis empire employ
        employment enable enclose enclosed encounter endless endure enemy engaged engagement enhance enquire enquiry
        enrol enrolled entire entitled entry equally equivalent era errors essay estate evaluate evident evil excess
        excessive excited excitement exclude excluded exclusive exhausted exhibition expansion expedite expedited
        experienced experiment explode exposure extensive extent
        """);

    private static string[] Split(string text) => text.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
}
